import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { attentionQuery, CursorError } from "@/lib/attention/page";
import { attentionPage } from "@/lib/queries/attention";

export const dynamic = "force-dynamic";

/** What needs action now: one page of the attention queue, with its total and counts by kind and severity. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, attentionQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => {
    try {
      return json(await attentionPage(auth.query), { headers: PRIVATE });
    } catch (error) {
      if (error instanceof CursorError) return jsonError(400, "invalid_query", `cursor: ${error.message}`);
      throw error;
    }
  });
}
