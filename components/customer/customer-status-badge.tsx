// A plain-language status badge: the words carry the meaning, the colour only supports them.
import { cva } from "class-variance-authority";
import type { PlainStatus, Tone } from "@/lib/customer-status";
import { cn } from "@/lib/cn";

const badge = cva(
  "inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap",
  {
    variants: {
      tone: {
        done: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950/50 dark:text-emerald-300 dark:ring-emerald-400/25",
        working: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-950/50 dark:text-sky-300 dark:ring-sky-400/25",
        attention:
          "bg-amber-50 text-amber-900 ring-amber-600/25 dark:bg-amber-950/50 dark:text-amber-300 dark:ring-amber-400/25",
        problem: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-400/25",
        inactive:
          "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/20",
      } satisfies Record<Tone, string>,
    },
  },
);

const dot: Record<Tone, string> = {
  done: "bg-emerald-500",
  working: "bg-sky-500 animate-pulse",
  attention: "bg-amber-500",
  problem: "bg-red-500",
  inactive: "bg-zinc-400",
};

export function CustomerStatusBadge({ status, className }: { status: PlainStatus; className?: string }) {
  return (
    <span className={cn(badge({ tone: status.tone }), className)} data-tone={status.tone}>
      <span aria-hidden className={cn("size-1.5 rounded-full", dot[status.tone])} />
      {status.label}
    </span>
  );
}
