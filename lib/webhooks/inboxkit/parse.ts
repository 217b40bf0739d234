// InboxKit deliveries: parse + validate (zod) + normalise. Pure, no I/O.
//
// Two envelope shapes are accepted (shared/vendor): the current one with `data.metadata`, and the
// older one with a top-level `workspace_id` and `data.change_details`. Identity fields (`event`,
// `data.<entity>.uid`, `status`) are strict: without them the delivery cannot be applied, so it is
// refused with 400 and kept in rejected_deliveries. Descriptive fields are lenient (a value of an
// unexpected type becomes null) because the vendor's enums and fields grow, and a 4xx would lose a
// genuine delivery for good; the full payload (minus credentials) is stored either way.
import { z } from "zod";
import { credentialsFingerprint, redact } from "../../redact";
import { orderKey, type EntityType } from "../../ordering";
import { sha256 } from "../../crypto";
import { describeIssues } from "../../validation";
import type { ParseOutcome } from "../validation";
import type { EventFlag } from "../ingest";
import { fitted } from "./limits";

/** A vendor time further ahead of receipt than this is capped at the receipt time (and flagged). */
export const MAX_FUTURE_MS = 5 * 60_000;

export const INBOXKIT_EVENTS = {
  "domain.status_changed": "domain",
  "mailbox.status_changed": "mailbox",
  "consent_request.status_changed": "consent_request",
  "client_id_request.status_changed": "client_id_request",
} as const satisfies Record<string, EntityType>;

export const KNOWN_PLATFORMS = ["GOOGLE", "MICROSOFT", "AZURE", "SMTP"] as const;

const text = z.string().nullish().catch(null);
const int = z.number().int().nullish().catch(null);
const num = z.number().nullish().catch(null);
const bool = z.boolean().nullish().catch(null);
const stringList = z.array(z.string()).catch([]).default([]);
/** ISO 8601 with time zone, as the vendor sends; anything else is treated as absent. */
const isoDate = z.iso.datetime({ offset: true }).nullish().catch(null);

const identity = {
  uid: z.string().trim().min(1, "uid is required").max(200),
  status: z.string().trim().min(1, "status is required").max(100),
  previous_status: text,
};

const domainSchema = z.object({
  ...identity,
  name: z.string().catch(""),
  tld: z.string().catch(""),
  dns_propagation_status: text,
  nameservers: stringList,
  renewal_date: isoDate,
  renewal_status: text,
  registration_years: int,
  registration_date: isoDate,
  price: num,
  connection_type: text,
  forwarding_url: text,
  forwarding_email: text,
  forwarding_status: text,
  enable_mask_forwarding: bool,
  dmarc_email: text,
  catch_all_email: text,
  assigned_mailboxes: int,
  available_mailboxes: int,
  tags: stringList,
});

const mailboxSchema = z.object({
  ...identity,
  email: z.string().catch(""),
  username: z.string().catch(""),
  first_name: text,
  last_name: text,
  profile_picture: text,
  platform: text,
  renewal_date: isoDate,
  renewal_status: text,
  is_admin: bool,
  is_add_on: bool,
});

const requestFields = {
  ...identity,
  status_text: text,
  status_reason: text,
  retry_count: int,
  max_retries: int,
  completed_at: isoDate,
};
const consentSchema = z.object({ ...requestFields, consent_url: text });
const clientIdSchema = z.object({ ...requestFields, domain_name: text, client_id: text });

const ENTITY_SCHEMAS = {
  domain: domainSchema,
  mailbox: mailboxSchema,
  consent_request: consentSchema,
  client_id_request: clientIdSchema,
} as const;

const metadataSchema = z
  .object({
    updated_at: isoDate,
    workspace_id: text,
    domain_id: text,
    domain_name: text,
    mailbox_id: text,
  })
  .catch({ updated_at: null, workspace_id: null, domain_id: null, domain_name: null, mailbox_id: null });

const envelopeSchema = z.object({
  event: z.string().trim().min(1, "event is required").max(200),
  timestamp: isoDate,
  team_id: text,
  team_name: text,
  workspace_id: text,
  data: z.record(z.string(), z.unknown()).optional(),
});

export type DomainFields = z.infer<typeof domainSchema>;
export type MailboxFields = z.infer<typeof mailboxSchema>;
export type ConsentFields = z.infer<typeof consentSchema>;
export type ClientIdFields = z.infer<typeof clientIdSchema>;
export type Metadata = z.infer<typeof metadataSchema>;

type EntityOf<T extends EntityType, F> = { type: T; fields: F };
export type InboxKitEntity =
  | EntityOf<"domain", DomainFields>
  | EntityOf<"mailbox", MailboxFields>
  | EntityOf<"consent_request", ConsentFields>
  | EntityOf<"client_id_request", ClientIdFields>;

/** What ingestion needs of one delivery: everything here is free of credentials. */
export type InboxKitDelivery = {
  vendor: "inboxkit";
  eventType: string;
  /** null for an unknown event: stored with outcome `ignored`, shown, never applied. */
  entity: (InboxKitEntity & { orderKey: string }) | null;
  metadata: Metadata;
  occurredAt: Date;
  occurredAtSource: "metadata" | "envelope" | "header" | "received";
  workspaceId: string | null;
  teamId: string | null;
  teamName: string | null;
  changeDetails: string | null;
  dedupeKey: string;
  credentialsFingerprint: string | null;
  /** The delivery's JSON with credentials removed. */
  payload: string;
  /** JSON of the request's non-secret headers; set by the receive pipeline, not by the (pure) parser. */
  requestHeaders?: string | null;
  /** What was changed to store it (a future vendor time capped, values clamped or truncated). */
  flags: EventFlag[];
  warnings: string[];
};

export type ParseResult = ParseOutcome<InboxKitDelivery>;

export type ParseContext = {
  /** X-InboxKit-Timestamp, the last fallback for the event time. */
  timestampHeader: string | null;
  receivedAt: Date;
  fingerprintKey: string;
  rawBody: Buffer;
};

function eventTime(metadata: Metadata, envelopeTimestamp: string | null | undefined, ctx: ParseContext) {
  const header = isoDate.parse(ctx.timestampHeader);
  const candidates = [
    ["metadata", metadata.updated_at],
    ["envelope", envelopeTimestamp],
    ["header", header],
  ] as const;
  for (const [source, value] of candidates) if (value) return capped(new Date(value), source, ctx.receivedAt);
  return { occurredAt: ctx.receivedAt, claimedAt: ctx.receivedAt, occurredAtSource: "received" as const, flag: null };
}

/**
 * A vendor time more than MAX_FUTURE_MS after receipt becomes the receipt time, flagged: a forged
 * 9999-12-31 would otherwise hold the entity so every later genuine event were stale. The claimed
 * time stays the event's identity (a retry of the same body is still a duplicate).
 */
function capped(claimedAt: Date, source: "metadata" | "envelope" | "header", receivedAt: Date) {
  if (claimedAt.getTime() - receivedAt.getTime() <= MAX_FUTURE_MS)
    return { occurredAt: claimedAt, claimedAt, occurredAtSource: source, flag: null };
  const flag: EventFlag = {
    code: "future_time_capped",
    detail: `vendor time ${claimedAt.toISOString()} (${source}) was more than ${MAX_FUTURE_MS / 60_000} minutes after receipt; ordered at the receipt time`,
  };
  return { occurredAt: receivedAt, claimedAt, occurredAtSource: source, flag };
}

export function dedupeKeyOf(parts: (string | null | undefined)[]): string {
  return sha256(JSON.stringify(parts)).toString("hex");
}

export function parseInboxKit(json: unknown, ctx: ParseContext): ParseResult {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, detail: describeIssues(envelope.error) };
  const { event, data = {}, team_id, team_name } = envelope.data;
  const vendorMetadata = metadataSchema.parse(data.metadata ?? {});
  const { occurredAt, claimedAt, occurredAtSource, flag } = eventTime(vendorMetadata, envelope.data.timestamp, ctx);
  const flags: EventFlag[] = flag ? [flag] : [];
  const metadata = fitted(vendorMetadata, "data.metadata.", flags);
  const outer = fitted(
    { workspace_id: envelope.data.workspace_id ?? null, team_id: team_id ?? null, team_name: team_name ?? null },
    "",
    flags,
  );
  const workspaceId = metadata.workspace_id ?? outer.workspace_id ?? null;
  const changeDetails = data.change_details === undefined ? null : JSON.stringify(redact(data.change_details));
  const common = {
    vendor: "inboxkit" as const,
    eventType: event,
    metadata,
    occurredAt,
    occurredAtSource,
    workspaceId,
    teamId: outer.team_id,
    teamName: outer.team_name,
    changeDetails,
    payload: JSON.stringify(redact(json)),
  };

  const type = (INBOXKIT_EVENTS as Record<string, EntityType | undefined>)[event];
  if (!type) {
    // Unknown event: stored and shown as ignored. Its identity is the whole body (no schema to read).
    return {
      ok: true,
      delivery: {
        ...common,
        entity: null,
        dedupeKey: `body:${sha256(ctx.rawBody).toString("hex")}`,
        credentialsFingerprint: null,
        flags,
        warnings: [`unknown event ${event}`],
      },
    };
  }

  const raw = data[type];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, detail: `data.${type}: expected an object for event ${event}` };
  }
  const parsed = ENTITY_SCHEMAS[type].safeParse(raw);
  if (!parsed.success) {
    return { ok: false, detail: describeIssues(parsed.error, { prefix: `data.${type}.` }) };
  }
  const fields = fitted(parsed.data, `data.${type}.`, flags);
  // Without a time in the body, the header's and the receipt's change on every retry: the body's
  // own bytes are then the event's identity (a retry of the identical body is a duplicate).
  const dedupeKey =
    occurredAtSource === "header" || occurredAtSource === "received"
      ? `inboxkit:body:${sha256(ctx.rawBody).toString("hex")}`
      : dedupeKeyOf(["inboxkit", event, fields.uid, fields.status, claimedAt.toISOString()]);
  const warnings: string[] = [];
  if (type === "mailbox") {
    const platform = (fields as MailboxFields).platform;
    if (platform && !(KNOWN_PLATFORMS as readonly string[]).includes(platform)) {
      warnings.push(`unknown mailbox platform ${platform} on ${fields.uid}`);
    }
  }
  return {
    ok: true,
    delivery: {
      ...common,
      entity: {
        type,
        fields,
        orderKey: orderKey(type, fields.status, occurredAt, dedupeKey),
      } as InboxKitDelivery["entity"],
      dedupeKey,
      credentialsFingerprint:
        type === "mailbox" ? credentialsFingerprint(raw as Record<string, unknown>, ctx.fingerprintKey) : null,
      flags,
      warnings,
    },
  };
}
