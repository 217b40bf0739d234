// The mailbox list's mail column: the health badge and the 24 h counts on one line. The counts show
// from `2xl` up; on a narrower desktop they would take the address's room, so there they are in the
// cell's tooltip and read to screen readers only. A mailbox with no Inkbox mail at all leaves the
// cell empty (most mailboxes are not on Inkbox).
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
    <div
      className={cn("relative flex items-center gap-2 whitespace-nowrap", className)}
      data-testid="mail-health-cell"
      title={mailCountsLine(summary)}
    >
      <MailHealthBadge health={summary.health} />
      <span className="sr-only text-xs text-zinc-600 2xl:not-sr-only 2xl:max-w-48 2xl:truncate dark:text-zinc-400">
        {mailCountsLine(summary)}
      </span>
    </div>
  );
}
