import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { notifyConfig } from "@/lib/config";
import { listNotifications, notificationSettings, notificationsQuery } from "@/lib/queries/notifications";
import { NotificationsView } from "@/components/notifications/notifications-view";
import { listParams, pathWith, type SearchParams } from "@/lib/server/page-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: SearchParams }) {
  const { query, state } = await listParams(searchParams, notificationsQuery, [
    "status",
    "channel",
    "workspace",
    "kind",
    "before",
    "limit",
  ]);
  await requireOperatorPage(pathWith("/notifications", state));
  const [initial, settings] = await Promise.all([listNotifications(query), notificationSettings(notifyConfig())]);
  return <NotificationsView state={state} initial={initial} settings={settings} />;
}
