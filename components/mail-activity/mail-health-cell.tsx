// The mailbox list's mail column: the health badge and one line of 24 h counts.
import { cn } from "@/lib/cn";
import type { MailActivitySummary } from "@/lib/queries/mail-activity";
import { mailCountsLine } from "./mail-activity-counts";
import { MailHealthBadge } from "./mail-health-badge";

export function MailHealthCell({
  summary,
  className,
}: {
  summary: MailActivitySummary | null | undefined;
  className?: string;
}) {
  if (!summary) return <span className="text-zinc-400">—</span>;
  return (
    <div className={cn("flex flex-col items-start gap-0.5", className)} data-testid="mail-health-cell">
      <MailHealthBadge health={summary.health} />
      {summary.health.state !== "no_mail" && (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">{mailCountsLine(summary)}</span>
      )}
    </div>
  );
}
