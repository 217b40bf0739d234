import { answerRead, authorizeApi } from "@/lib/auth/api";
import { csvResponse, toCsv } from "@/lib/queries/csv";
import { EVENT_CSV_COLUMNS, eventsQuery, exportEvents } from "@/lib/queries/events";

export const dynamic = "force-dynamic";

const filters = eventsQuery.omit({ before: true, limit: true });

/** The event list as CSV, with the same filters as /api/events (no payloads; capped; formulas escaped). */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, filters);
  if (!auth.ok) return auth.response;
  return answerRead(async () => csvResponse(toCsv(await exportEvents(auth.query), [...EVENT_CSV_COLUMNS]), "events"));
}
