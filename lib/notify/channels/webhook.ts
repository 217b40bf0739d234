// Generic webhook, signed as Standard Webhooks prescribe (https://www.standardwebhooks.com):
//   webhook-id         the message id, the same on every retry (receivers deduplicate on it)
//   webhook-timestamp  seconds since the epoch, of this attempt
//   webhook-signature  v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>"> keyed with the
//                      base64-decoded part of the `whsec_…` secret
import { createHmac } from "node:crypto";
import { renderWebhookBody, type OutgoingMessage } from "../message";
import { postJson } from "./http";

export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

export function signedWebhookRequest(
  secret: string,
  message: OutgoingMessage,
  sentAt: Date,
): { headers: Record<string, string>; body: string } {
  const body = renderWebhookBody(message, sentAt);
  const timestamp = Math.floor(sentAt.getTime() / 1000);
  return {
    body,
    headers: {
      "webhook-id": message.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": standardWebhookSignature(secret, message.id, timestamp, body),
    },
  };
}

/**
 * `sentAt` is the wall-clock time of this attempt, not the scheduler's clock: receivers reject a
 * timestamp far from their own time, which is what the header is for.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  message: OutgoingMessage,
  sentAt: Date = new Date(),
): Promise<void> {
  const { headers, body } = signedWebhookRequest(target.secret, message, sentAt);
  await postJson(target.url, body, headers);
}
