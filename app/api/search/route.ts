import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { search, searchQuery } from "@/lib/queries/search";

export const dynamic = "force-dynamic";

/** Global search: `?q=` (2+ characters) over mailboxes, domains, workspaces and requests, grouped by kind. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, searchQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await search(auth.query.q), { headers: PRIVATE }));
}
