import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperatorPage } from "@/lib/auth/session";
import { workspaceView } from "@/lib/queries/workspaces";
import { WorkspaceView } from "@/components/operator/workspace-view";
import { webhookUrl } from "@/lib/server/origin";
import { mintCustomerLink } from "@/lib/server/customer-link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspace" };

type Props = { params: Promise<{ workspaceId: string }> };

export default async function WorkspacePage({ params }: Props) {
  const { workspaceId } = await params;
  await requireOperatorPage(`/workspaces/${encodeURIComponent(workspaceId)}`);
  const [view, url] = await Promise.all([workspaceView(workspaceId), webhookUrl()]);
  if (!view) notFound();
  return <WorkspaceView workspaceId={workspaceId} initial={view} customerLink={mintCustomerLink(workspaceId, url)} />;
}
