import { answerRead, authorizeApi } from "@/lib/auth/api";
import { csvResponse, toCsv } from "@/lib/queries/csv";
import { exportMailboxes, mailboxListQuery } from "@/lib/queries/mailboxes";

export const dynamic = "force-dynamic";

/** The mailboxes list as CSV, with the same filters and order as /api/mailboxes (no paging; capped). Never credentials. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, mailboxListQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () =>
    csvResponse(
      toCsv(await exportMailboxes(auth.query), [
        "uid",
        "email",
        "firstName",
        "lastName",
        "status",
        "previousStatus",
        "platform",
        "domainName",
        "domainId",
        "workspaceId",
        "teamName",
        "lastOccurredAt",
        "firstSeenAt",
        "mailHealth",
      ]),
      "mailboxes",
    ),
  );
}
