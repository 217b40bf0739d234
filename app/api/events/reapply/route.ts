import { z } from "zod";
import { authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import { eventsQuery } from "@/lib/queries/events";
import { parseQuery } from "@/lib/queries/params";
import { reapplyMatching, TooManyEvents } from "@/lib/events/reapply";

export const dynamic = "force-dynamic";

const filters = eventsQuery.omit({ before: true, limit: true });
/** A dry run unless the operator confirms with `{"dryRun": false}`. */
const body = z.strictObject({ dryRun: z.boolean().default(true) });

/**
 * Re-applies every event the list's filters (query parameters, as GET /api/events) match. First a
 * dry-run summary (how many would change); `{"dryRun": false}` applies them.
 */
export async function POST(request: Request): Promise<Response> {
  const auth = await authorizeWrite(request, body);
  if (!auth.ok) return auth.response;
  const query = parseQuery(filters, new URL(request.url).searchParams);
  if (!query.ok) return jsonError(400, "invalid_query", query.message);
  try {
    return json(await reapplyMatching(query.data, auth.body.dryRun, auth.operator), { headers: PRIVATE });
  } catch (error) {
    if (error instanceof TooManyEvents) return jsonError(422, "too_many_events", error.message);
    throw error;
  }
}
