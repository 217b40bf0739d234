import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { deliveriesQuery, listDeliveries } from "@/lib/queries/deliveries";

export const dynamic = "force-dynamic";

/** Refused deliveries, newest first, each with its reason in plain words. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, deliveriesQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await listDeliveries(auth.query), { headers: PRIVATE }));
}
