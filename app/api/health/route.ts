import { json } from "@/lib/http";
import { health } from "@/lib/queries/health";

export const dynamic = "force-dynamic";

/** Public liveness: whether the process and its database answer (503 when not). Readiness: /api/health/ready. */
export async function GET(): Promise<Response> {
  const result = await health();
  return json(result, { status: result.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
