import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { listNotifications, notificationsQuery } from "@/lib/queries/notifications";

export const dynamic = "force-dynamic";

/** The outbox, newest first: pending, sent, failed and cancelled notifications with attempts and last error. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, notificationsQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await listNotifications(auth.query), { headers: PRIVATE }));
}
