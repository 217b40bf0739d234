import { receiveWebhook } from "@/lib/webhooks/receive";
import { inkboxContract } from "@/lib/webhooks/inkbox/contract";

export const dynamic = "force-dynamic";

/** Inkbox message webhook: verify → validate → store in one transaction → answer. */
export async function POST(request: Request): Promise<Response> {
  return receiveWebhook(request, inkboxContract);
}
