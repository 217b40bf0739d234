import { authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { acknowledgeBody, acknowledgeItem } from "@/lib/attention/actions";

export const dynamic = "force-dynamic";

/** Acknowledge an attention item with a note: it leaves the queue until its condition changes. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeWrite(request, acknowledgeBody);
  if (!auth.ok) return auth.response;
  const result = await acknowledgeItem((await params).id, auth.body.note, auth.operator);
  return result.ok
    ? json({ item: result.item }, { headers: PRIVATE })
    : jsonError(result.status, result.code, result.message);
}
