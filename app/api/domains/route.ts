import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { domainListQuery, listDomains } from "@/lib/queries/domains";

export const dynamic = "force-dynamic";

/** Domains, filtered (status, workspace, q), sorted and paginated on the server. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, domainListQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await listDomains(auth.query), { headers: PRIVATE }));
}
