import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { listMailboxes, mailboxListQuery } from "@/lib/queries/mailboxes";

export const dynamic = "force-dynamic";

/** Mailboxes, filtered (status, platform, workspace, q), sorted and paginated on the server. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, mailboxListQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await listMailboxes(auth.query), { headers: PRIVATE }));
}
