import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { auditQuery, listAudit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

/** The audit log, newest first (?workspace=, ?before=<id>, ?limit=). */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, auditQuery);
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await listAudit(auth.query), { headers: PRIVATE }));
}
