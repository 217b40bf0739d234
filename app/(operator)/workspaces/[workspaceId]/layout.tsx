// Before the page (and its loading skeleton) streams: 307 to login without a session, 404 for an unknown workspace.
import { requireSubject } from "@/lib/server/page-gate";

type Props = { children: React.ReactNode; params: Promise<{ workspaceId: string }> };

export default async function WorkspaceLayout({ children, params }: Props) {
  const { workspaceId } = await params;
  await requireSubject("workspace", workspaceId, `/workspaces/${encodeURIComponent(workspaceId)}`);
  return children;
}
