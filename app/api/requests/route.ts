import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { listRequests, requestListQuery } from "@/lib/queries/requests";

export const dynamic = "force-dynamic";

/** Consent or client-ID requests (?type=), filtered, sorted and paginated on the server. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, requestListQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await listRequests(auth.query), { headers: PRIVATE }));
}
