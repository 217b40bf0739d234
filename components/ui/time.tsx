// Times: relative with the exact time on hover (the customer page's component), and durations.
import { formatDuration, intervalToDuration } from "date-fns";
import { RelativeTime } from "@/components/customer/relative-time";

export function When({ iso, prefix }: { iso: string | null | undefined; prefix?: string }) {
  return iso ? <RelativeTime iso={iso} prefix={prefix} /> : <span className="text-zinc-500 dark:text-zinc-400">—</span>;
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
