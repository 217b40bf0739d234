import { authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { snoozeBody, snoozeItem } from "@/lib/attention/actions";

export const dynamic = "force-dynamic";

/** Snooze an attention item until a time (ISO 8601): it leaves the queue and comes back by itself then. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeWrite(request, snoozeBody);
  if (!auth.ok) return auth.response;
  const result = await snoozeItem((await params).id, new Date(auth.body.until), auth.operator);
  return result.ok
    ? json({ item: result.item }, { headers: PRIVATE })
    : jsonError(result.status, result.code, result.message);
}
