"use client";
// A small "Live" pill: green when the stream is open, amber while it reconnects. Text, not only colour;
// its hover text says how many changes the page has heard of and when the last one was sent.
import { cn } from "@/lib/cn";
import { formatUtc } from "@/lib/time";
import { useLive, type LiveState, type LiveStatus } from "./live-provider";

const LABEL: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};
const DOT: Record<LiveStatus, string> = {
  connecting: "bg-zinc-400",
  live: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-pulse",
  offline: "bg-red-500",
};

function hoverText({ status, received, lastAt }: LiveState): string {
  if (status !== "live") return "Updates are paused; the page refreshes when the connection returns";
  const heard =
    received > 0 && lastAt !== null
      ? ` (${received.toLocaleString("en")} ${received === 1 ? "change" : "changes"} since this page opened, the last at ${formatUtc(new Date(lastAt))})`
      : "";
  return `Updates appear as soon as a webhook arrives${heard}`;
}

export function LiveIndicator({ className }: { className?: string }) {
  const live = useLive();
  const { status } = live;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full border border-zinc-200 px-2.5 py-0.5 text-xs font-medium text-zinc-600 dark:border-zinc-800 dark:text-zinc-300",
        className,
      )}
      title={hoverText(live)}
      data-live-status={status}
      data-live-received={live.received}
    >
      <span aria-hidden className={cn("size-2 rounded-full", DOT[status])} />
      {LABEL[status]}
    </span>
  );
}
