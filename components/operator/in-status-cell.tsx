// "Time in status" in a list row: the age as the attention queue counts it, and its budget; amber
// past the budget, red when critical (the status badge beside it turns the same colour).
import type { InStatus } from "@/lib/attention/evaluate";
import { ageText, budgetText } from "@/components/attention/look";
import { cn } from "@/lib/cn";
import { formatUtc } from "@/lib/time";

const TONE = {
  warning: "text-amber-800 dark:text-amber-300",
  critical: "text-red-700 dark:text-red-300",
} as const;

export function InStatusCell({ value }: { value: InStatus | undefined }) {
  if (!value) return null;
  const budget = value.budgetSeconds === null ? null : budgetText(value.budgetSeconds);
  return (
    <span
      title={`In this status since ${formatUtc(value.since)}${budget ? `; budget ${budget}` : ""}`}
      className="whitespace-nowrap tabular-nums"
    >
      <span
        data-testid="time-in-status"
        data-severity={value.severity ?? undefined}
        className={cn(value.severity && ["font-medium", TONE[value.severity]])}
      >
        {ageText(value.ageSeconds)}
      </span>
      {budget && <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">of {budget}</span>}
    </span>
  );
}
