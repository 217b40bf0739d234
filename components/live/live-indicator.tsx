"use client";
// A small "Live" pill: green when the stream is open, amber while it reconnects. Text, not only colour.
import { cn } from "@/lib/cn";
import { useLive, type LiveStatus } from "./live-provider";

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

export function LiveIndicator({ className }: { className?: string }) {
  const { status } = useLive();
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full border border-zinc-200 px-2.5 py-0.5 text-xs font-medium text-zinc-600 dark:border-zinc-800 dark:text-zinc-300",
        className,
      )}
      title={
        status === "live"
          ? "Updates appear as soon as a webhook arrives"
          : "Updates are paused; the page refreshes when the connection returns"
      }
      data-live-status={status}
    >
      <span aria-hidden className={cn("size-2 rounded-full", DOT[status])} />
      {LABEL[status]}
    </span>
  );
}
