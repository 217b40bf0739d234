import { json } from "@/lib/http";
import { readiness } from "@/lib/queries/health";

export const dynamic = "force-dynamic";

/** Public readiness: 200 while the database accepts writes, else 503 (take this instance out of rotation). */
export async function GET(): Promise<Response> {
  const result = await readiness();
  return json(result, { status: result.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
