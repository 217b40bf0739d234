import { answerRead, authorizeApi } from "@/lib/auth/api";
import { csvResponse, toCsv } from "@/lib/queries/csv";
import { domainListQuery, exportDomains } from "@/lib/queries/domains";

export const dynamic = "force-dynamic";

/** The domains list as CSV, with the same filters and order as /api/domains (no paging; capped). */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, domainListQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () =>
    csvResponse(
      toCsv(await exportDomains(auth.query), [
        "uid",
        "name",
        "status",
        "previousStatus",
        "dnsPropagationStatus",
        "connectionType",
        "assignedMailboxes",
        "availableMailboxes",
        "workspaceId",
        "teamName",
        "lastOccurredAt",
        "firstSeenAt",
      ]),
      "domains",
    ),
  );
}
