"use client";
// The overview, live: the attention queue (what needs action now), refused deliveries (an alarm: a
// refused genuine delivery is lost), counts by status, workspaces in flight, and the newest events.
import Link from "next/link";
import type { Overview } from "@/lib/queries/overview";
import type { EntityType } from "@/lib/ordering";
import { useOverview } from "@/components/hooks/use-overview";
import { AttentionQueue } from "@/components/attention/attention-queue";
import type { AttentionResponse } from "@/lib/queries/attention";
import { StatusBadge } from "@/components/status/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { RefreshError } from "./error-note";
import { RecentEvents } from "./recent-events";
import { DeliveriesChart } from "@/components/charts/deliveries-chart";
import { OnboardingFunnel } from "@/components/charts/onboarding-funnel";

export function OverviewView({
  initial,
  attention,
  webhookUrl,
}: {
  initial: Overview;
  attention: AttentionResponse;
  webhookUrl: string;
}) {
  const { data, error } = useOverview(initial);
  const nothing =
    data.events.length === 0 &&
    Object.keys(data.counts.domains).length === 0 &&
    Object.keys(data.counts.mailboxes).length === 0;
  return (
    <div className="space-y-6">
      <RefreshError error={error} />
      <PageHeader
        title="Overview"
        description="What needs action now, and where every customer's onboarding stands, updated as webhooks arrive."
      />
      <RejectedAlarm rejected={data.rejected} />
      <AttentionQueue initial={attention} />
      {nothing && (
        <EmptyState title="No events yet">
          Point InboxKit at <code className="font-mono text-xs">{webhookUrl}</code>, or see the dashboard come alive
          with <code className="font-mono text-xs">npm run simulate -- google-onboarding</code>.
        </EmptyState>
      )}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="Deliveries per hour, last 7 days" className="lg:col-span-2">
          <DeliveriesChart hours={data.deliveries} />
          {data.deliveriesPendingHours > 0 && (
            <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="deliveries-pending">
              Still counting {data.deliveriesPendingHours} earlier hours (shown as zero until then).
            </p>
          )}
        </Card>
        <Card title="Onboarding funnel">
          <OnboardingFunnel domains={data.funnel.domains} mailboxes={data.funnel.mailboxes} />
        </Card>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <CountCard title="Domains" href="/domains" type="domain" counts={data.counts.domains} />
        <CountCard title="Mailboxes" href="/mailboxes" type="mailbox" counts={data.counts.mailboxes} />
        <CountCard
          title="Consent requests"
          href="/requests?type=consent_request"
          type="consent_request"
          counts={data.counts.consentRequests}
        />
        <CountCard
          title="Client-ID requests"
          href="/requests?type=client_id_request"
          type="client_id_request"
          counts={data.counts.clientIdRequests}
        />
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Onboarding in flight" bodyClassName="p-0">
          {data.inFlight.length === 0 ? (
            <p className="p-4 text-sm text-zinc-500 dark:text-zinc-400">Nothing in progress.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {data.inFlight.map((w) => (
                <li key={w.workspaceId}>
                  <Link
                    href={`/workspaces/${encodeURIComponent(w.workspaceId)}`}
                    className="flex items-center gap-3 px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
                  >
                    <div className="min-w-0 flex-1">
                      <div className="truncate text-sm font-medium">{w.teamName ?? w.workspaceId}</div>
                      {w.teamName && (
                        <div className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{w.workspaceId}</div>
                      )}
                    </div>
                    <Progress done={w.done} total={w.total} />
                    <div className="flex flex-wrap justify-end gap-1">
                      {w.problem > 0 && (
                        <Badge variant="danger">
                          {w.problem} problem{w.problem > 1 ? "s" : ""}
                        </Badge>
                      )}
                      {w.attention > 0 && <Badge variant="warning">{w.attention} waiting</Badge>}
                      {w.working > 0 && <Badge variant="progress">{w.working} in progress</Badge>}
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <RecentEvents events={data.events} />
      </div>
    </div>
  );
}

function Progress({ done, total }: { done: number; total: number }) {
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="hidden w-28 sm:block" title={`${done} of ${total} active`}>
      <div className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
        <div className="h-full rounded-full bg-emerald-500" style={{ width: `${pct}%` }} />
      </div>
      <div className="mt-0.5 text-[11px] tabular-nums text-zinc-500 dark:text-zinc-400">
        {done}/{total} active
      </div>
    </div>
  );
}

function CountCard({
  title,
  href,
  type,
  counts,
}: {
  title: string;
  href: string;
  type: EntityType;
  counts: Record<string, number>;
}) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return (
    <Card className="flex flex-col" bodyClassName="flex-1">
      <Link href={href} className="group block">
        <div className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{title}</div>
        <div className="mt-1 text-3xl font-semibold tabular-nums tracking-tight group-hover:underline">
          {total.toLocaleString("en-US")}
        </div>
      </Link>
      <ul className="mt-3 flex flex-wrap gap-1.5">
        {entries.length === 0 && <li className="text-xs text-zinc-500 dark:text-zinc-400">none yet</li>}
        {entries.map(([status, n]) => (
          <li key={status}>
            <Link
              href={`${href}${href.includes("?") ? "&" : "?"}status=${encodeURIComponent(status)}`}
              className="inline-flex items-center gap-1"
            >
              <StatusBadge type={type} status={status} />
              <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{n}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function RejectedAlarm({ rejected }: { rejected: Overview["rejected"] }) {
  if (rejected.last24h === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="rejected-ok">
        <Badge variant="success" dot>
          No refused deliveries
        </Badge>
        in the last 24 hours.
      </p>
    );
  }
  return (
    <div
      role="alert"
      data-testid="rejected-alarm"
      className="rounded-xl border border-red-300 bg-red-50 p-4 dark:border-red-900/70 dark:bg-red-950/40"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold text-red-900 dark:text-red-200">
          {rejected.last24h} refused deliver{rejected.last24h === 1 ? "y" : "ies"} in the last 24 hours. A refused
          genuine delivery is lost: InboxKit does not resend it.
        </p>
        <Link href="/deliveries" className="text-sm font-medium text-red-800 underline dark:text-red-300">
          See why →
        </Link>
      </div>
      <ul className="mt-2 space-y-1 text-sm text-red-900/90 dark:text-red-200/90">
        {rejected.latest.map((d) => (
          <li key={d.id}>
            <span className="font-medium">{d.explanation.title}</span>: {d.explanation.fix ?? d.explanation.explanation}{" "}
            <span className="text-xs text-red-800 dark:text-red-300">
              (<When iso={d.receivedAt} />)
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
