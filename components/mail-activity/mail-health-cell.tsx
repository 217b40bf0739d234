// The mailbox list's mail column: the health badge and the 24 h counts on one line. A mailbox with
// no Inkbox mail at all leaves the cell empty (most mailboxes are not on Inkbox).
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
  if (!summary || summary.health.state === "no_mail") return null;
  return (
    <div className={cn("flex items-center gap-2 whitespace-nowrap", className)} data-testid="mail-health-cell">
      <MailHealthBadge health={summary.health} />
      {/* Cut to fit a 1440 px list on one line; the whole line on hover. */}
      <span className="max-w-48 truncate text-xs text-zinc-600 dark:text-zinc-400" title={mailCountsLine(summary)}>
        {mailCountsLine(summary)}
      </span>
    </div>
  );
}
