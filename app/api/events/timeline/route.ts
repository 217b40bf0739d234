import { z } from "zod";
import { answerRead, authorizeApi } from "@/lib/auth/api";
import { csvResponse, toCsv } from "@/lib/queries/csv";
import { entityTimeline } from "@/lib/queries/events";

export const dynamic = "force-dynamic";

const query = z.object({
  entityType: z.enum(["domain", "mailbox", "consent_request", "client_id_request"]),
  uid: z.string().trim().min(1).max(200),
});

const COLUMNS = [
  "id",
  "occurredAt",
  "receivedAt",
  "eventType",
  "previousStatus",
  "status",
  "outcome",
  "duplicateCount",
  "durationMs",
  "current",
  "credentialsChanged",
] as const;

/** One entity's status timeline as CSV, oldest first (the entity page's timeline). */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, query);
  if (!auth.ok) return auth.response;
  return answerRead(async () => {
    const timeline = await entityTimeline(auth.query.entityType, auth.query.uid);
    return csvResponse(
      toCsv(timeline.entries, [...COLUMNS]),
      `${auth.query.entityType}-${auth.query.uid}-timeline`.replace(/[^\w.-]/g, "_"),
    );
  });
}
