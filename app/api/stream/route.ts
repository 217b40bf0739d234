import { liveStream, SSE_HEADERS } from "@/lib/live/sse";
import { checkStreamRequest } from "@/lib/live/access";

export const dynamic = "force-dynamic";

/**
 * Change notices as Server-Sent Events: one stream per tab, for an operator or one customer link.
 * `npm start` (lib/cli/serve.ts) answers this path itself, outside Next's request pipeline
 * (lib/live/http-stream.ts: a few KB per open stream instead of about 70); this handler serves it
 * under `next dev`. Both make the same calls.
 */
export async function GET(request: Request): Promise<Response> {
  const access = await checkStreamRequest(request);
  if (!access.ok) return access.response;
  return new Response(liveStream({ filter: access.filter, signal: request.signal, until: access.until }), {
    headers: SSE_HEADERS,
  });
}
