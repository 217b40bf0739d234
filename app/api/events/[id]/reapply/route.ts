import { z } from "zod";
import { authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { reapplyOne } from "@/lib/events/reapply";

export const dynamic = "force-dynamic";

const eventId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const body = z.strictObject({ dryRun: z.boolean().default(false) });

/**
 * Re-applies one stored event under the ordering rules. `{"dryRun": true}`: the entity's field-level
 * difference, nothing written. Without it: applied in one transaction; a second call changes nothing.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authorizeWrite(request, body);
  if (!auth.ok) return auth.response;
  const id = eventId.safeParse((await params).id);
  if (!id.success) return jsonError(400, "invalid_id", "event id must be a positive integer");
  const result = await reapplyOne(id.data, auth.body.dryRun, auth.operator);
  if (!result) return jsonError(404, "not_found", `no event ${id.data}`);
  if (!result.applicable)
    return jsonError(422, "not_reappliable", `event ${id.data} cannot be re-applied: ${result.reason}`);
  return json(result, { headers: PRIVATE });
}
