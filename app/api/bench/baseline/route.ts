// The benchmark's baseline inside Next.js (lib/webhooks/bench-baseline.ts); 404 unless BENCH_BASELINE=1.
import { receiveBaseline } from "@/lib/webhooks/bench-baseline";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return receiveBaseline(request.headers, Buffer.from(await request.arrayBuffer()));
}
