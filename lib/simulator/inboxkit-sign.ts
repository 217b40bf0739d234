// Signs an InboxKit delivery exactly as the vendor does: X-InboxKit-Signature: sha256=<hex>, where
// hex is SHA-256(team API key) under `api-key-sha256` or HMAC-SHA256(secret, raw body) under
// `hmac-sha256`; plus X-InboxKit-Event, X-InboxKit-Timestamp (ISO 8601 with ms) and the User-Agent.
import { inboxKitSignature, type InboxKitScheme } from "../webhooks/inboxkit/verify";
import type { SimDelivery } from "./types";

export const INBOXKIT_PATH = "/api/webhooks/inboxkit";

export type InboxKitSignOptions = { secret: string; scheme: InboxKitScheme; sentAt?: Date; label?: string };

export function signInboxKit(payload: { event: string } | string, options: InboxKitSignOptions): SimDelivery {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const event =
    typeof payload === "string" ? String((JSON.parse(payload) as { event?: unknown }).event ?? "") : payload.event;
  const signature = inboxKitSignature(options.scheme, options.secret, Buffer.from(body)).toString("hex");
  return {
    vendor: "inboxkit",
    path: INBOXKIT_PATH,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "InboxKit-Webhook/1.0",
      "X-InboxKit-Event": event,
      "X-InboxKit-Timestamp": (options.sentAt ?? new Date()).toISOString(),
      "X-InboxKit-Signature": `sha256=${signature}`,
    },
    body,
    label: options.label ?? event,
  };
}
