import { z } from "zod";
import { authorizeApi } from "@/lib/auth/api";
import { secretsEqual } from "@/lib/auth/secrets";
import { metricsToken } from "@/lib/config";
import { jsonError } from "@/lib/http";
import { openStreamCount } from "@/lib/live/sse";
import { renderMetrics } from "@/lib/metrics";
import { parseQuery } from "@/lib/queries/params";
import { outboxCounts } from "@/lib/queries/notifications";

export const dynamic = "force-dynamic";

const NoParams = z.object({});

/** Prometheus text: for a scraper with `Authorization: Bearer <METRICS_TOKEN>`, or any operator. */
export async function GET(request: Request): Promise<Response> {
  const scraper = metricsToken();
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (scraper && bearer && secretsEqual(bearer, scraper)) {
    const parsed = parseQuery(NoParams, new URL(request.url).searchParams);
    if (!parsed.ok) return jsonError(400, "invalid_query", parsed.message);
  } else {
    const auth = await authorizeApi(request, NoParams);
    if (!auth.ok) return auth.response;
  }
  const { contentType, text } = await renderMetrics({ openStreams: openStreamCount(), outbox: await outboxCounts() });
  return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
