import { json } from "@/lib/http";
import { health } from "@/lib/queries/health";

export const dynamic = "force-dynamic";

/** Public: whether the database answers (503 when it does not). Nothing else is disclosed. */
export async function GET(): Promise<Response> {
  const result = await health();
  return json(result, { status: result.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
