import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperatorPage } from "@/lib/auth/session";
import { workspaceView } from "@/lib/queries/workspaces";
import { WorkspaceView } from "@/components/operator/workspace-view";
import { webhookUrl } from "@/lib/server/origin";
import { mintCustomerLink } from "@/lib/server/customer-link";
import { notifyConfig } from "@/lib/config";
import { listNotifications, notificationSettings } from "@/lib/queries/notifications";
import { WorkspaceNotifications } from "@/components/notifications/workspace-notifications";
import { WorkspaceAudit } from "@/components/audit/workspace-audit";
import { listAudit } from "@/lib/queries/audit";
import { readWorkspaceSettings } from "@/lib/settings/workspace";
import { WorkspaceSettingsForm } from "@/components/settings/workspace-settings-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspace" };

type Props = { params: Promise<{ workspaceId: string }> };

export default async function WorkspacePage({ params }: Props) {
  const { workspaceId } = await params;
  await requireOperatorPage(`/workspaces/${encodeURIComponent(workspaceId)}`);
  const [view, url, settings, sent, audit, own] = await Promise.all([
    workspaceView(workspaceId),
    webhookUrl(),
    notificationSettings(notifyConfig(), workspaceId),
    listNotifications({ workspace: workspaceId, limit: 10 }),
    listAudit({ workspace: workspaceId, limit: 10 }),
    readWorkspaceSettings(workspaceId),
  ]);
  if (!view) notFound();
  return (
    <>
      <WorkspaceView workspaceId={workspaceId} initial={view} customerLink={await mintCustomerLink(workspaceId, url)} />
      <WorkspaceNotifications workspaceId={workspaceId} settings={settings} initial={sent} />
      <WorkspaceSettingsForm workspaceId={workspaceId} initial={own} />
      <WorkspaceAudit workspaceId={workspaceId} initial={audit} />
    </>
  );
}
