import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { eventsQuery, recentEvents } from "@/lib/queries/events";

export const dynamic = "force-dynamic";

/** Stored webhook events, newest first; `before` (an id) pages backwards. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, eventsQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await recentEvents(auth.query), { headers: PRIVATE }));
}
