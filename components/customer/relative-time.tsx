"use client";
// "3 minutes ago", with the exact time on hover; re-renders each minute so it stays true.
import { useEffect, useState } from "react";
import { format, formatDistanceStrict } from "date-fns";

export function RelativeTime({ iso, prefix = "" }: { iso: string; prefix?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const date = new Date(iso);
  const ago =
    now - date.getTime() < 45_000 ? "just now" : `${formatDistanceStrict(date, now, { roundingMethod: "floor" })} ago`;
  return (
    <time dateTime={iso} title={format(date, "PPpp")} suppressHydrationWarning>
      {prefix}
      {ago}
    </time>
  );
}
