import { jsonError } from "@/lib/http";
import { describeIssues } from "@/lib/validation";
import { liveStream, SSE_HEADERS } from "@/lib/live/sse";
import { streamAccess, streamQuery } from "@/lib/live/access";

export const dynamic = "force-dynamic";

/** Change notices as Server-Sent Events: one stream per tab, for an operator or one customer link. */
export async function GET(request: Request): Promise<Response> {
  const query = streamQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return jsonError(400, "invalid_query", describeIssues(query.error, { root: "" }));
  const access = await streamAccess(request, query.data);
  if (!access.ok) return jsonError(access.status, access.code, access.message);
  return new Response(liveStream({ filter: access.filter, signal: request.signal, until: access.until }), {
    headers: SSE_HEADERS,
  });
}
