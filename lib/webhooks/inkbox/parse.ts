// Inkbox deliveries: parse + validate (zod) + normalise. Pure, no I/O.
//
// Envelope (shared/vendor/NOTES.md): { id, event_type, timestamp, data: { message, contacts, agent_identities } }.
// - Identity is strict: `event_type`, and for a known event `data.message.id` and a mailbox address;
//   without them the delivery cannot be attributed, so it is refused (400) and kept in
//   rejected_deliveries. Descriptive fields are lenient (a value of an unexpected type becomes null):
//   the vendor's fields grow, and a 4xx loses a genuine delivery for good.
// - Dedupe key: the envelope `id` (the same across the original delivery, retries and replays; the
//   request id and timestamp are not). Older payloads have no `id`: `event_type` + `data.message.id`.
// - Mailbox: `data.message.email_address` (the owning mailbox). Older payloads lack it; then the
//   mailbox is the sender of an outbound message (`from_address`) or the first recipient of an inbound
//   one (`to_addresses[0]`). Direction comes from the message, else from the event (received →
//   inbound, everything else → outbound). The choice is stored (`mailbox_email_source`).
// - Message content is never kept: `body`, `snippet` and other content fields are removed from the
//   stored payload at any depth (and credentials, as for every vendor). Only metadata remains.
// - Unknown event types are stored as `ignored` (200), never applied.
import { z } from "zod";
import { normaliseKey, transform } from "../../redact";
import { sha256 } from "../../crypto";
import { describeIssues } from "../../validation";
import type { ParseOutcome } from "../validation";

export const INKBOX_EVENTS = [
  "message.received",
  "message.sent",
  "message.delivered",
  "message.bounced",
  "message.failed",
  "message.forwarded",
] as const;
export type InkboxEvent = (typeof INKBOX_EVENTS)[number];

/** webhook_events.entity_type of an Inkbox delivery; entity_uid is the mailbox email address. */
export const MAIL_ENTITY_TYPE = "mail_message";

/** Message content, never stored (keys compared normalised as credentials are: case, separators, invisible characters; at any depth of the payload); `attachments` may carry file data. */
export const MESSAGE_CONTENT_FIELDS = [
  "body",
  "snippet",
  "content",
  "preview",
  "html",
  "text",
  "markdown",
  "text_content",
  "html_content",
  "body_html",
  "body_text",
  "html_body",
  "text_body",
  "raw",
  "attachments",
] as const;
const CONTENT = new Set<string>(MESSAGE_CONTENT_FIELDS.map(normaliseKey));

/** Fields that may carry a bounce or failure reason (Inkbox documents none today; SES-style names). */
const REASON_FIELDS = ["bounce_reason", "failure_reason", "status_reason", "error_message", "error", "reason"] as const;

/** A deep copy without message content or credentials. */
export function withoutContent(value: unknown): unknown {
  return transform(value, (key) => !CONTENT.has(normaliseKey(key)));
}

const text = z.string().nullish().catch(null);
const bool = z.boolean().nullish().catch(null);
const isoDate = z.iso.datetime({ offset: true }).nullish().catch(null);
/** `Jane Doe <jane@example.com>` → `jane@example.com`; a bare address is kept (lower case). */
export function bareAddress(value: string): string {
  const angled = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  return (angled ? angled[1] : value).trim().toLowerCase();
}
const address = z.string().max(320).transform(bareAddress).nullish().catch(null);
/** A list of addresses; a single string is accepted as a list of one. Non-strings are dropped. */
const addressList = z
  .preprocess(
    (v) => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []),
    z.array(z.string().trim().max(320)),
  )
  .catch([]);

const messageSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, "id is required").max(200)),
  mailbox_id: text,
  thread_id: text,
  message_id: text,
  from_address: address,
  to_addresses: addressList,
  cc_addresses: addressList,
  subject: text,
  email_address: address,
  direction: text,
  status: text,
  has_attachments: bool,
  created_at: isoDate,
});
export type InkboxMessage = z.infer<typeof messageSchema>;

const envelopeSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().max(200)).nullish().catch(null),
  event_type: z.string().trim().min(1, "event_type is required").max(200),
  timestamp: isoDate,
  data: z.record(z.string(), z.unknown()).nullish().catch(null),
});

/** The metadata of a message kept with each event (and shown in the feed). */
export type MailMessageMeta = {
  messageUid: string;
  threadId: string | null;
  /** inbound | outbound */
  direction: string | null;
  status: string | null;
  fromAddress: string | null;
  toAddresses: string[];
  ccAddresses: string[];
  subject: string | null;
  hasAttachments: boolean | null;
  bounceReason: string | null;
};

export type MailboxSource = "email_address" | "from_address" | "to_address";

/** What ingestion needs of one delivery: metadata only, no message content. */
export type InkboxDelivery = {
  vendor: "inkbox";
  eventType: string;
  known: boolean;
  dedupeKey: string;
  dedupeSource: "envelope_id" | "message" | "body";
  /** The mailbox the event belongs to (lower case), or null (only for an unknown event). */
  mailboxEmail: string | null;
  mailboxSource: MailboxSource | null;
  /** The activity row to store, for a known event. */
  activity:
    | (MailMessageMeta & { inkboxMailboxId: string | null; rfcMessageId: string | null; messageCreatedAt: Date | null })
    | null;
  occurredAt: Date;
  occurredAtSource: "envelope" | "header" | "received";
  /** The delivery's JSON without message content or credentials. */
  payload: string;
  /** JSON of the request's non-secret headers; set by the receive pipeline, not by the (pure) parser. */
  requestHeaders?: string | null;
  warnings: string[];
};

export type InkboxParseResult = ParseOutcome<InkboxDelivery>;

export type InkboxParseContext = {
  /** X-Inkbox-Timestamp as verified (Unix seconds), the fallback for the event time. */
  timestampHeader: string | null;
  receivedAt: Date;
  rawBody: Buffer;
};

/** The word an event is shown and counted as: `message.bounced` → `bounced`. */
export const mailKindOf = (eventType: string): string => eventType.replace(/^message\./, "");

export const isKnownInkboxEvent = (event: string): event is InkboxEvent =>
  (INKBOX_EVENTS as readonly string[]).includes(event);

function directionOf(message: InkboxMessage, event: string): string | null {
  const stated = message.direction?.trim().toLowerCase();
  if (stated) return stated;
  if (!isKnownInkboxEvent(event)) return null;
  return event === "message.received" ? "inbound" : "outbound";
}

/** The owning mailbox: see the head of this file. */
export function mailboxOf(
  message: InkboxMessage,
  direction: string | null,
): { email: string; source: MailboxSource } | null {
  if (message.email_address) return { email: message.email_address, source: "email_address" };
  if (direction === "outbound" && message.from_address) return { email: message.from_address, source: "from_address" };
  const firstTo = message.to_addresses[0] ? bareAddress(message.to_addresses[0]) : null;
  if (direction === "inbound" && firstTo) return { email: firstTo, source: "to_address" };
  return null;
}

function bounceReasonOf(message: Record<string, unknown>, data: Record<string, unknown>): string | null {
  for (const source of [message, data]) {
    for (const field of REASON_FIELDS) {
      const value = source[field];
      if (typeof value === "string" && value.trim()) return value.trim().slice(0, 500);
      if (value && typeof value === "object" && typeof (value as { message?: unknown }).message === "string") {
        return (
          String((value as { message: string }).message)
            .trim()
            .slice(0, 500) || null
        );
      }
    }
  }
  return null;
}

function eventTime(envelopeTimestamp: string | null | undefined, ctx: InkboxParseContext) {
  if (envelopeTimestamp) return { occurredAt: new Date(envelopeTimestamp), occurredAtSource: "envelope" as const };
  const seconds = Number(ctx.timestampHeader);
  if (ctx.timestampHeader && Number.isSafeInteger(seconds))
    return { occurredAt: new Date(seconds * 1000), occurredAtSource: "header" as const };
  return { occurredAt: ctx.receivedAt, occurredAtSource: "received" as const };
}

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

export function parseInkbox(json: unknown, ctx: InkboxParseContext): InkboxParseResult {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, detail: describeIssues(envelope.error) };
  const { id, event_type: eventType, timestamp } = envelope.data;
  const data = envelope.data.data ?? {};
  const known = isKnownInkboxEvent(eventType);
  const rawMessage = asRecord(data.message);
  const parsedMessage = rawMessage ? messageSchema.safeParse(rawMessage) : null;
  const message = parsedMessage?.success ? parsedMessage.data : null;

  if (known) {
    if (!rawMessage) return { ok: false, detail: `data.message: expected an object for event ${eventType}` };
    if (!parsedMessage!.success)
      return { ok: false, detail: describeIssues(parsedMessage!.error, { prefix: "data.message." }) };
  }

  const direction = message ? directionOf(message, eventType) : null;
  const mailbox = message ? mailboxOf(message, direction) : null;
  if (known && !mailbox) {
    return {
      ok: false,
      detail: "data.message: no mailbox address (email_address, and no from_address / to_addresses to fall back on)",
    };
  }

  const envelopeId = id?.trim() || null;
  const dedupe = envelopeId
    ? { dedupeKey: `inkbox:event:${envelopeId}`, dedupeSource: "envelope_id" as const }
    : message
      ? { dedupeKey: `inkbox:message:${eventType}:${message.id}`, dedupeSource: "message" as const }
      : { dedupeKey: `inkbox:body:${sha256(ctx.rawBody).toString("hex")}`, dedupeSource: "body" as const };

  const warnings: string[] = [];
  if (!known) warnings.push(`unknown Inkbox event ${eventType}`);
  if (known && !envelopeId)
    warnings.push(`Inkbox ${eventType} without an envelope id: deduplicated on event type + message id`);

  return {
    ok: true,
    delivery: {
      vendor: "inkbox",
      eventType,
      known,
      ...dedupe,
      mailboxEmail: mailbox?.email ?? null,
      mailboxSource: mailbox?.source ?? null,
      activity:
        known && message
          ? {
              messageUid: message.id,
              inkboxMailboxId: message.mailbox_id ?? null,
              threadId: message.thread_id ?? null,
              rfcMessageId: message.message_id ?? null,
              direction,
              status: message.status?.trim().toLowerCase() || null,
              fromAddress: message.from_address ?? null,
              toAddresses: message.to_addresses,
              ccAddresses: message.cc_addresses,
              subject: message.subject?.slice(0, 500) ?? null,
              hasAttachments: message.has_attachments ?? null,
              bounceReason:
                eventType === "message.bounced" || eventType === "message.failed"
                  ? bounceReasonOf(rawMessage!, data)
                  : null,
              messageCreatedAt: message.created_at ? new Date(message.created_at) : null,
            }
          : null,
      ...eventTime(timestamp, ctx),
      payload: JSON.stringify(withoutContent(json)),
      warnings,
    },
  };
}
