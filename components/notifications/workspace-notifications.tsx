"use client";
// A workspace's notifications: which channels alert about it, and what was sent (alerts to
// operators, nudges and reminders to the customer's contact).
import Link from "next/link";
import type { NotificationSettingsView, NotificationsPage } from "@/lib/queries/notifications";
import { useNotifications } from "@/components/hooks/use-notifications";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { ChannelSettingsPanel } from "./channel-settings";
import { KIND_LABEL, STATUS_VARIANT } from "./look";

export function WorkspaceNotifications(props: {
  workspaceId: string;
  settings: NotificationSettingsView;
  initial: NotificationsPage;
}) {
  const query = `?workspace=${encodeURIComponent(props.workspaceId)}&limit=10`;
  const { data } = useNotifications(query, props.initial);
  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-2" data-testid="workspace-notifications">
      <ChannelSettingsPanel initial={props.settings} workspace={props.workspaceId} />
      <Card
        title="Sent about this workspace"
        action={
          <Link
            href={`/notifications?workspace=${encodeURIComponent(props.workspaceId)}`}
            className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            All →
          </Link>
        }
        bodyClassName="p-0"
      >
        {data.rows.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No alerts or customer nudges yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {data.rows.map((n) => (
              <li key={n.id} className="flex flex-wrap items-start gap-2 px-4 py-2.5 text-sm">
                <Badge variant={STATUS_VARIANT[n.status] ?? "neutral"}>{n.status}</Badge>
                <div className="min-w-0 flex-1">
                  <div className="break-words">{n.title}</div>
                  <div className="text-xs text-zinc-500 dark:text-zinc-400">
                    {KIND_LABEL[n.kind] ?? n.kind} · {n.channel}
                    {n.recipient ? ` to ${n.recipient}` : ""} · <When iso={n.sentAt ?? n.createdAt} />
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
