// Everything the mailbox page shows about mail in one card: the health verdict, the 24 h / 7 d
// counts and the feed. Feed it mailActivityView(email) (server) or the same JSON from an API (client).
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import type { MailActivityView } from "@/lib/queries/mail-activity";
import { MailActivityCounts } from "./mail-activity-counts";
import { MailActivityFeed } from "./mail-activity-feed";
import { MailHealthBadge } from "./mail-health-badge";

export function MailActivityPanel({ view, webhookUrl, className }: { view: MailActivityView; webhookUrl?: string; className?: string }) {
  const { summary } = view;
  return (
    <Card
      className={className}
      title="Mail activity (Inkbox)"
      action={<MailHealthBadge health={summary.health} />}
      data-testid="mail-activity-panel"
    >
      {summary.health.state === "no_mail" ? (
        <MailActivityFeed items={view.feed} hasMore={view.hasMore} webhookUrl={webhookUrl} />
      ) : (
        <div className="grid grid-cols-1 gap-6 md:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
          <div className="min-w-0">
            <MailActivityCounts summary={summary} />
            <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
              {summary.health.reason}
              {summary.lastActivityAt && (
                <>
                  {" · last event "}
                  <When iso={summary.lastActivityAt} />
                </>
              )}
            </p>
          </div>
          <MailActivityFeed items={view.feed} hasMore={view.hasMore} webhookUrl={webhookUrl} className="min-w-0" />
        </div>
      )}
    </Card>
  );
}
