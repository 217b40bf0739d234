import { z } from "zod";
import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { mailboxView } from "@/lib/queries/mailboxes";

export const dynamic = "force-dynamic";

/** One mailbox: every stored field (never credentials), its domain, requests, open banners and timeline. */
export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}));
  if (!auth.ok) return auth.response;
  const { uid } = await params;
  return answerRead(async () => {
    const view = await mailboxView(uid);
    return view
      ? json(view, { headers: PRIVATE })
      : jsonError(404, "not_found", `No mailbox with uid ${uid} has been received`);
  });
}
