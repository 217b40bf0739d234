// One Inkbox message event: what happened (badge), the subject, who it went to or came from, when
// (vendor time, received time on hover), and markers: repeated deliveries, attachments, a bounce
// or failure reason. Usable alone inside a merged mailbox timeline.
import { Badge } from "@/components/ui/badge";
import { When } from "@/components/ui/time";
import { formatUtc } from "@/lib/time";
import { cn } from "@/lib/cn";
import type { MailActivityItem } from "@/lib/queries/mail-activity";
import { kindLook } from "./look";

function counterpart(item: MailActivityItem): string | null {
  if (item.direction === "inbound") return item.fromAddress ? `from ${item.fromAddress}` : null;
  const [first, ...rest] = item.toAddresses;
  if (!first) return null;
  return `to ${first}${rest.length ? ` +${rest.length}` : ""}`;
}

export function MailActivityEntry({
  item,
  trail,
  className,
}: {
  item: MailActivityItem;
  /** The message's events in order ("sent → delivered"), when the row stands for the whole message. */
  trail?: string[];
  className?: string;
}) {
  const look = kindLook(item.kind);
  const who = counterpart(item);
  const when = (
    <span
      className="shrink-0 whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400"
      title={`received ${formatUtc(item.receivedAt)}`}
    >
      <When iso={item.occurredAt} />
    </span>
  );
  // Laid out by the width the feed is given (its @container): one row when wide, badge and time above the subject when narrow.
  return (
    <div
      className={cn("flex min-w-0 flex-col gap-1 @md:flex-row @md:items-start @md:gap-3", className)}
      data-testid="mail-activity-item"
      data-kind={item.kind}
      data-event-id={item.id}
    >
      <div className="flex items-center justify-between gap-2">
        <Badge variant={look.variant} dot className="justify-start @md:mt-0.5 @md:w-24" title={item.eventType}>
          {look.label}
        </Badge>
        <span className="@md:hidden">{when}</span>
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-3">
          <p className="truncate text-sm font-medium" title={item.subject ?? undefined}>
            {item.subject?.trim() ? (
              item.subject
            ) : (
              <span className="italic text-zinc-500 dark:text-zinc-400">(no subject)</span>
            )}
          </p>
          <span className="hidden @md:inline">{when}</span>
        </div>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          {who && (
            <span
              className="truncate"
              title={[...item.toAddresses, ...item.ccAddresses.map((cc) => `cc ${cc}`)].join(", ") || undefined}
            >
              {who}
            </span>
          )}
          {trail && (
            <span data-testid="mail-trail" className="whitespace-nowrap">
              {trail.map((kind) => kindLook(kind).label.toLowerCase()).join(" → ")}
            </span>
          )}
          {item.hasAttachments && <Badge variant="muted">attachments</Badge>}
          {item.duplicateCount > 1 && (
            <Badge
              variant="muted"
              title="Inkbox delivered this event more than once (retries or replays); it is stored once"
            >
              webhook ×{item.duplicateCount}
            </Badge>
          )}
        </p>
        {item.bounceReason && (
          <p className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="mail-bounce-reason">
            {item.kind === "failed" ? "Failure" : "Bounce"}: {item.bounceReason}
          </p>
        )}
      </div>
    </div>
  );
}
