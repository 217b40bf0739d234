// The mailbox page's mail feed: one row per message, newest first, showing what became of it
// (sent → delivered, sent → bounced with the reason; lib/mail-messages.ts). Server- or client-rendered
// from data the caller already has (lib/queries/mail-activity.ts mailActivityView → `feed`), so an
// SWR-refreshed parent shows new events without reload.
import { EmptyState } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import type { MailActivityItem } from "@/lib/queries/mail-activity";
import { groupMailByMessage } from "@/lib/mail-messages";
import { MailActivityEntry } from "./mail-activity-entry";

type Props = {
  items: MailActivityItem[];
  /** More events exist than are shown. */
  hasMore?: boolean;
  /** Where Inkbox should send webhooks, for the empty state (default: the path on this server). */
  webhookUrl?: string;
  className?: string;
};

export function MailActivityFeed({ items, hasMore = false, webhookUrl = "/api/webhooks/inkbox", className }: Props) {
  return (
    <div
      className={cn("@container", className)}
      data-testid="mail-activity-feed"
      aria-live="polite"
      aria-relevant="additions"
    >
      {items.length === 0 ? (
        <EmptyState title="No mail activity yet">
          Inkbox reports sent, delivered, bounced and received messages once this mailbox&apos;s webhook URL points at{" "}
          <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs dark:bg-zinc-800">{webhookUrl}</code>.
        </EmptyState>
      ) : (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {groupMailByMessage(items).map(({ outcome, trail }) => (
            <li key={outcome.id} className="py-2 first:pt-0 last:pb-0">
              <MailActivityEntry item={outcome} trail={trail.length > 1 ? trail : undefined} />
            </li>
          ))}
        </ol>
      )}
      {hasMore && (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">Showing the newest {items.length} events.</p>
      )}
    </div>
  );
}
