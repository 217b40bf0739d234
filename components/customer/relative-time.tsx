"use client";
// "3 minutes ago", with the exact time on hover; re-renders each minute so it stays true.
import { useEffect, useState } from "react";
import { format, formatDistanceToNowStrict } from "date-fns";

export function RelativeTime({ iso, prefix = "" }: { iso: string; prefix?: string }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  const date = new Date(iso);
  const ago = Date.now() - date.getTime() < 45_000 ? "just now" : `${formatDistanceToNowStrict(date, { roundingMethod: "floor" })} ago`;
  return (
    <time dateTime={iso} title={format(date, "PPpp")} suppressHydrationWarning>
      {prefix}
      {ago}
    </time>
  );
}
