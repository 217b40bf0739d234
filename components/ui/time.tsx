"use client";
// Every time on every page goes through here. <Time> writes an absolute time in one format with the
// zone named ("2 Dec 2026, 14:05:09 CET"); <When> an age ("3 min ago") where the age is the point,
// showing the absolute time on hover. Both show UTC on hover. The server renders in UTC; after
// hydration the browser's own zone takes over (useSyncExternalStore: no hydration mismatch).
import { useEffect, useState, useSyncExternalStore } from "react";
import { formatDistanceStrict } from "date-fns";
import { formatTime, formatUtc, SERVER_TIME_ZONE } from "@/lib/time";

const noSubscription = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || SERVER_TIME_ZONE;

/** The reader's IANA time zone (UTC while rendering on the server and hydrating). */
export function useTimeZone(): string {
  return useSyncExternalStore(noSubscription, browserZone, () => SERVER_TIME_ZONE);
}

const dash = <span className="text-zinc-500 dark:text-zinc-400">—</span>;

/** "2 Dec 2026, 14:05:09 CET", UTC on hover. */
export function Time({ iso, ms = false }: { iso: string | null | undefined; ms?: boolean }) {
  const zone = useTimeZone();
  if (!iso) return dash;
  return (
    <time dateTime={iso} title={formatUtc(iso)} data-time="absolute">
      {formatTime(iso, zone, { ms })}
    </time>
  );
}

/** "3 min ago" or "in 2 hours" (re-rendered each minute so it stays true), the absolute time and UTC on hover. */
export function When({ iso, prefix = "" }: { iso: string | null | undefined; prefix?: string }) {
  const zone = useTimeZone();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return dash;
  const date = new Date(iso);
  const distance = formatDistanceStrict(date, now, { roundingMethod: "floor" });
  const ahead = date.getTime() - now;
  const ago = Math.abs(ahead) < 45_000 ? "just now" : ahead > 0 ? `in ${distance}` : `${distance} ago`;
  const utc = formatUtc(iso);
  const local = formatTime(iso, zone);
  return (
    <time
      dateTime={iso}
      title={local === utc ? utc : `${local} · ${utc}`}
      data-time="relative"
      suppressHydrationWarning
    >
      {prefix}
      {ago}
    </time>
  );
}
