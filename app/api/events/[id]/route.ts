import { z } from "zod";
import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { eventDetail } from "@/lib/queries/events";

export const dynamic = "force-dynamic";

const eventId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** One stored event: its payload (credentials removed), request headers, dedupe facts and, if stale, what beat it. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}));
  if (!auth.ok) return auth.response;
  const id = eventId.safeParse((await params).id);
  if (!id.success) return jsonError(400, "invalid_id", "event id must be a positive integer");
  return answerRead(async () => {
    const detail = await eventDetail(id.data);
    if (!detail) return jsonError(404, "not_found", `no event ${id.data}`);
    return json(detail, { headers: PRIVATE });
  });
}
