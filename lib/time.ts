// One way to write a point in time, on every page: "2 Dec 2026, 14:05:09 CET" in the reader's zone,
import { formatDuration, intervalToDuration } from "date-fns";
// the zone always named, and the same instant in UTC for the tooltip. Pure (Intl only), so the server
// and the browser write the same text for the same zone.

/** The zone every server render uses; the browser switches to its own after hydration. */
export const SERVER_TIME_ZONE = "UTC";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, ms: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${ms}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZone,
      timeZoneName: "short",
      ...(ms ? { fractionalSecondDigits: 3 } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "2 Dec 2026, 14:05:09 CET" (or "GMT-5" where the zone has no short name); an unknown zone falls back to UTC. */
export function formatTime(at: string | Date, timeZone: string, options: { ms?: boolean } = {}): string {
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return "—";
  try {
    return formatter(timeZone, !!options.ms).format(date);
  } catch {
    return formatter(SERVER_TIME_ZONE, !!options.ms).format(date);
  }
}

/** The same instant in UTC, with milliseconds when it has any: the hover text of every time. */
export function formatUtc(at: string | Date): string {
  const date = typeof at === "string" ? new Date(at) : at;
  return formatTime(date, "UTC", { ms: date.getUTCMilliseconds() !== 0 });
}

/** "2 h 5 min", "40 s", "3 d 4 h": two largest units. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const d = intervalToDuration({ start: 0, end: ms });
  const parts: [number | undefined, string][] = [
    [d.years, "y"],
    [d.months, "mo"],
    [d.days, "d"],
    [d.hours, "h"],
    [d.minutes, "min"],
    [d.seconds, "s"],
  ];
  const used = parts.filter(([n]) => n).slice(0, 2);
  return used.length ? used.map(([n, u]) => `${n} ${u}`).join(" ") : formatDuration(d);
}
