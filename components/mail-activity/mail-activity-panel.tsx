// Everything the mailbox page shows about mail: the health verdict, the 24 h / 7 d counts and the
// feed. Feed it mailActivityView(email) (server) or the same JSON from an API (client, SWR): it
// renders from props only, so a revalidated parent shows new events without reload.
//   <MailActivityContent>  for a card the page already has (health badge on top of the counts);
//   <MailActivityPanel>    the same in its own card, the health badge in the card's header.
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import type { MailActivityView } from "@/lib/queries/mail-activity";
import { MailActivityCounts } from "./mail-activity-counts";
import { MailActivityFeed } from "./mail-activity-feed";
import { MailHealthBadge } from "./mail-health-badge";

type ContentProps = { view: MailActivityView; webhookUrl?: string; showHealth?: boolean; className?: string };

export function MailActivityContent({ view, webhookUrl, showHealth = true, className }: ContentProps) {
  const { summary } = view;
  const feed = (
    <MailActivityFeed items={view.feed} hasMore={view.hasMore} webhookUrl={webhookUrl} className="min-w-0" />
  );
  if (summary.health.state === "no_mail")
    return (
      <div className={className} data-testid="mail-activity">
        {feed}
      </div>
    );
  return (
    // Side by side when the space it is given is wide (a container query), stacked in a narrow column.
    <div className={cn("@container", className)} data-testid="mail-activity">
      <div className="grid grid-cols-1 gap-6 @2xl:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
        <div className="min-w-0">
          {showHealth && <MailHealthBadge health={summary.health} className="mb-3" />}
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
        {feed}
      </div>
    </div>
  );
}

export function MailActivityPanel({
  view,
  webhookUrl,
  className,
}: {
  view: MailActivityView;
  webhookUrl?: string;
  className?: string;
}) {
  return (
    <Card
      className={className}
      title="Mail activity (Inkbox)"
      action={<MailHealthBadge health={view.summary.health} />}
      data-testid="mail-activity-panel"
    >
      <MailActivityContent view={view} webhookUrl={webhookUrl} showHealth={false} />
    </Card>
  );
}
