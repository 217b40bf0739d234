import { z } from "zod";
import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { workspaceView } from "@/lib/queries/workspaces";

export const dynamic = "force-dynamic";

/** One workspace: its domains, mailboxes, requests and open banners. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ workspaceId: string }> },
): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}));
  if (!auth.ok) return auth.response;
  const { workspaceId } = await params;
  return answerRead(async () => {
    const view = await workspaceView(workspaceId);
    return view
      ? json(view, { headers: PRIVATE })
      : jsonError(404, "not_found", `Nothing has been received for workspace ${workspaceId}`);
  });
}
