import { z } from "zod";
import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { requestView } from "@/lib/queries/requests";

export const dynamic = "force-dynamic";

/** One consent or client-ID request: its fields, mailbox, domain, workspace and status timeline. */
export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}));
  if (!auth.ok) return auth.response;
  const { uid } = await params;
  return answerRead(async () => {
    const view = await requestView(uid);
    return view
      ? json(view, { headers: PRIVATE })
      : jsonError(404, "not_found", `No consent or client-ID request with uid ${uid} has been received`);
  });
}
