// Who may open the change stream, and what they see: an operator (session or API token) sees every
// notice; a customer link (?workspace=&token=) sees only its workspace's, reduced to kinds.
import { z } from "zod";
import { getOperator } from "../auth/session";
import { customerAccess, refusalMessage } from "../customer-link";
import { jsonError } from "../http";
import { describeIssues } from "../validation";
import { operatorFilter, workspaceFilter, type NoticeFilter } from "./sse";

export const streamQuery = z.object({
  workspace: z.string().trim().min(1).max(200).optional(),
  token: z.string().trim().min(1).max(2000).optional(),
});
export type StreamQuery = z.infer<typeof streamQuery>;

export type StreamAccess =
  | { ok: true; filter: NoticeFilter; until: Date | null }
  | { ok: false; status: 400 | 401 | 403; code: string; message: string };

export async function streamAccess(request: Request, query: StreamQuery): Promise<StreamAccess> {
  if (query.workspace || query.token) {
    if (!query.workspace || !query.token)
      return {
        ok: false,
        status: 400,
        code: "invalid_query",
        message: "A customer stream needs both workspace and token",
      };
    const link = await customerAccess(query.workspace, query.token);
    if (!link.ok) {
      const refusal = refusalMessage(link);
      return {
        ok: false,
        status: refusal.status,
        code: link.reason === "expired" ? "link_expired" : "invalid_link",
        message: refusal.message,
      };
    }
    return { ok: true, filter: workspaceFilter(query.workspace), until: link.expiresAt };
  }
  const operator = await getOperator(request);
  if (!operator) return { ok: false, status: 401, code: "unauthorized", message: "Sign in to follow live changes" };
  return { ok: true, filter: operatorFilter, until: null };
}

/**
 * The whole check of GET /api/stream, for both servers of it (app/api/stream/route.ts under
 * `next dev`, lib/live/http-stream.ts in production): the query, then who may follow what; a
 * refusal comes as the JSON error response to send.
 */
export async function checkStreamRequest(
  request: Request,
): Promise<Extract<StreamAccess, { ok: true }> | { ok: false; response: Response }> {
  const query = streamQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success)
    return { ok: false, response: jsonError(400, "invalid_query", describeIssues(query.error, { root: "" })) };
  const access = await streamAccess(request, query.data);
  if (!access.ok) return { ok: false, response: jsonError(access.status, access.code, access.message) };
  return access;
}
