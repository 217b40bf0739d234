import { z } from "zod";
import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { domainView } from "@/lib/queries/domains";

export const dynamic = "force-dynamic";

/** One domain: every stored field, its mailboxes, and its status timeline. */
export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}));
  if (!auth.ok) return auth.response;
  const { uid } = await params;
  return answerRead(async () => {
    const view = await domainView(uid);
    return view
      ? json(view, { headers: PRIVATE })
      : jsonError(404, "not_found", `No domain with uid ${uid} has been received`);
  });
}
