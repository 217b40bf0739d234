import { receiveWebhook } from "@/lib/webhooks/receive";
import { inboxKitContract } from "@/lib/webhooks/inboxkit/contract";

export const dynamic = "force-dynamic";

/** InboxKit status-change webhook: verify → validate → store in one transaction → answer. */
export async function POST(request: Request): Promise<Response> {
  return receiveWebhook(request, inboxKitContract);
}
