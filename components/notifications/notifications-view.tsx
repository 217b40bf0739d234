"use client";
// The outbox as operators see it: what is pending, sent, failed or cancelled, on which channel,
// about which item, after how many attempts and with which last error; and the channels.
import Link from "next/link";
import type { NotificationRow, NotificationSettingsView, NotificationsPage } from "@/lib/queries/notifications";
import { useNotifications } from "@/components/hooks/use-notifications";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { RefreshError } from "@/components/operator/error-note";
import { chip, hrefWith, queryString, type ListState } from "@/components/operator/list-controls";
import { ChannelSettingsPanel } from "./channel-settings";
import { KIND_LABEL, STATUS_VARIANT } from "./look";

const CHANNEL_LABEL: Record<string, string> = { slack: "Slack", webhook: "Webhook", email: "Email" };

function Row({ n }: { n: NotificationRow }) {
  return (
    <tr
      className="border-t border-zinc-100 align-top dark:border-zinc-800"
      data-status={n.status}
      data-testid="notification-row"
    >
      <td className="px-3 py-2">
        <Badge variant={STATUS_VARIANT[n.status] ?? "neutral"}>{n.status}</Badge>
      </td>
      <td className="px-3 py-2 text-sm">
        <div className="font-medium">{CHANNEL_LABEL[n.channel] ?? n.channel}</div>
        {n.recipient && <div className="break-all text-xs text-zinc-500 dark:text-zinc-400">{n.recipient}</div>}
      </td>
      <td className="px-3 py-2 text-sm">
        <div className="text-xs text-zinc-500 dark:text-zinc-400">
          {KIND_LABEL[n.kind] ?? n.kind}
          {n.workspaceId ? ` · ${n.workspaceId}` : ""}
        </div>
        <div className="break-words">
          {n.link && n.audience === "operator" ? (
            <a className="hover:underline" href={n.link}>
              {n.title}
            </a>
          ) : (
            n.title
          )}
        </div>
        {n.itemId && <div className="break-all font-mono text-xs text-zinc-500 dark:text-zinc-400">{n.itemId}</div>}
      </td>
      <td className="px-3 py-2 text-sm tabular-nums">{n.attempts}</td>
      <td className="px-3 py-2 text-sm">
        {n.status === "sent" ? (
          <When iso={n.sentAt} prefix="sent " />
        ) : n.status === "pending" ? (
          <When iso={n.nextAttemptAt} prefix="next " />
        ) : (
          <When iso={n.lastAttemptAt ?? n.createdAt} />
        )}
        {n.lastError && <div className="mt-0.5 break-words text-xs text-red-700 dark:text-red-400">{n.lastError}</div>}
      </td>
    </tr>
  );
}

export function NotificationsView({
  state,
  initial,
  settings,
}: {
  state: ListState;
  initial: NotificationsPage;
  settings: NotificationSettingsView;
}) {
  const { data, error } = useNotifications(queryString(state), initial);
  return (
    <div>
      <RefreshError error={error} />
      <PageHeader
        title="Notifications"
        description="Alerts to operators and nudges to customers, each sent once. A channel gets at most one message a minute; the rest go into a digest. Failed sends are retried for 24 h."
      />
      <ChannelSettingsPanel initial={settings} workspace={null} />
      <nav aria-label="Filter by status" className="mb-4 mt-8 flex flex-wrap gap-1.5">
        <Link
          href={hrefWith("/notifications", state, { status: null, before: null })}
          className={chip(!state.status)}
          aria-current={!state.status ? "true" : undefined}
        >
          All
        </Link>
        {Object.entries(data.counts).map(([status, count]) => (
          <Link
            key={status}
            href={hrefWith("/notifications", state, { status, before: null })}
            className={chip(state.status === status)}
            aria-current={state.status === status ? "true" : undefined}
          >
            {status} <span className="font-normal tabular-nums">{count}</span>
          </Link>
        ))}
      </nav>
      {data.rows.length === 0 ? (
        <EmptyState title="Nothing here yet">
          Notifications appear here as soon as an item needs attention or a customer is nudged.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full min-w-[640px] text-left" data-testid="notifications">
            <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
              <tr>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Channel</th>
                <th className="px-3 py-2 font-medium">About</th>
                <th className="px-3 py-2 font-medium">Attempts</th>
                <th className="px-3 py-2 font-medium">When / last error</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((n) => (
                <Row key={n.id} n={n} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.nextBefore && (
        <Link
          href={hrefWith("/notifications", state, { before: String(data.nextBefore) })}
          className="mt-3 inline-block text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          Older →
        </Link>
      )}
    </div>
  );
}
