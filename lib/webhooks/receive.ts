// The HTTP contract every vendor's webhook shares, in the order the checks run:
//   source address allowed, when the vendor's allow-list is configured (403) → signature header present (401) → JSON content type (415) → body within the cap, read no further
//   (413) → signature over the raw bytes (401) → nesting depth (400) → JSON (400) → schema (400) → one ingest transaction
//   → 200. The database being down or busy is 503 with Retry-After, so the vendor retries; nothing
//   answers 2xx before the transaction has committed. Every refusal is stored with its reason. A
//   delivery the database refuses the same way every time is 503 twice, then quarantined as
//   `unstorable` and answered 200 (unstorable.ts).
import { MAX_JSON_DEPTH, jsonDepth } from "./json-depth";
import { redact } from "../redact";
import { jsonError, json } from "../http";
import { log } from "../log";
import { publish } from "../live/bus";
import { pickHeaders, QUARANTINED_REASONS, storeRefusal, type Sealed } from "./quarantine";
import { type ChangeNotice } from "../live/notice";
import { database, type Database } from "../db/client";
import { config, ConfigError, trustedProxies } from "../config";
import { clientAddress, inRanges, type AddressRange } from "../net/client-address";
import type { IngestResult } from "./ingest";
import { sha256 } from "../crypto";
import { countDelivery, metrics } from "../metrics";
import { repeatableFailure, type RepeatableFailure } from "../db/errors";
import { noteUnstorable, UNSTORABLE_AFTER } from "./unstorable";

export type RejectReason =
  | "source_not_allowed"
  | "missing_signature"
  | "bad_signature"
  | "stale_timestamp"
  | "bad_content_type"
  | "too_large"
  | "malformed_json"
  | "too_deep"
  | "invalid_payload";

export const REJECT_STATUS: Record<RejectReason, number> = {
  source_not_allowed: 403,
  missing_signature: 401,
  bad_signature: 401,
  stale_timestamp: 401,
  bad_content_type: 415,
  too_large: 413,
  malformed_json: 400,
  too_deep: 400,
  invalid_payload: 400,
};

export type Verdict = { ok: true } | { ok: false; reason: RejectReason; detail: string; matchedScheme?: string | null };

/** What the shared pipeline reads of any vendor's parsed delivery (and the headers it adds). */
type Delivery = {
  eventType?: string;
  warnings?: string[];
  requestHeaders?: string | null;
  /** The payload as its event stores it (credentials, and Inkbox message content, removed). */
  payload: string;
};

export type WebhookContract<D extends Delivery> = {
  vendor: "inboxkit" | "inkbox";
  maxBytes: number;
  signatureHeader: string;
  /** Request headers kept with an event or a refusal; signature headers are never kept. */
  storedHeaders: readonly string[];
  verify(headers: Headers, body: Buffer, receivedAt: Date): Verdict;
  parse(
    json: unknown,
    headers: Headers,
    body: Buffer,
    receivedAt: Date,
  ): { ok: true; delivery: D } | { ok: false; detail: string };
  /** Stores the delivery in one transaction, which on PostgreSQL also sends `notice` (see runIngest). */
  ingest(db: Database, delivery: D, receivedAt: Date, notice: ChangeNotice): Promise<IngestResult>;
  notice(delivery: D): ChangeNotice;
  /** The CIDR ranges deliveries may come from (the client address as TRUSTED_PROXIES lets it be known); null: any. */
  allowedSources?(): readonly AddressRange[] | null;
  /** What of a refused, parsed body may be stored (default: all of it without credentials). */
  storablePayload?(json: unknown): unknown;
};

export type Body = { ok: true; bytes: Buffer } | { ok: false; size: number; bytes: Buffer };

/**
 * A delivery as the pipeline reads it: its headers, and its body read up to a cap. A route handler's
 * Request (receiveWebhook), or node:http's request where lib/cli/serve.ts answers deliveries itself
 * (lib/webhooks/http-server.ts): the same checks either way.
 */
export type Incoming = { headers: Headers; body(cap: number): Promise<Body> };

/** Reads the body, stopping as soon as it passes `cap` bytes (a declared larger length is refused unread). */
export async function readCapped(request: Request, cap: number): Promise<Body> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > cap) return { ok: false, size: declared, bytes: Buffer.alloc(0) };
  if (!request.body) return { ok: true, bytes: Buffer.alloc(0) };
  // A declared length within the cap: HTTP framing delivers exactly that many bytes, read in one go
  // (the hot path; cheaper than pulling chunks). Without one (chunked), count while reading.
  if (Number.isInteger(declared) && declared >= 0) {
    const bytes = Buffer.from(await request.arrayBuffer());
    return bytes.length > cap ? { ok: false, size: bytes.length, bytes: bytes.subarray(0, cap) } : { ok: true, bytes };
  }
  const reader = request.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, size, bytes: Buffer.concat(chunks) };
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}

function isJson(contentType: string | null): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json";
}

function storedHeaders(headers: Headers, names: readonly string[]): string {
  return JSON.stringify(pickHeaders(headers, names, 500));
}

type Refusal = {
  reason: RejectReason;
  detail: string;
  body: Buffer;
  size?: number;
  matchedScheme?: string | null;
  payload?: unknown;
};

/** The facts of a refusal as rejected_deliveries keeps them. */
function refusalFacts<D extends Delivery>(
  contract: WebhookContract<D>,
  request: Incoming,
  receivedAt: Date,
  r: Omit<Refusal, "reason" | "detail">,
) {
  return {
    vendor: contract.vendor,
    size: r.size ?? r.body.length,
    bodySha256: sha256(r.body).toString("hex"),
    headers: storedHeaders(request.headers, contract.storedHeaders),
    matchedScheme: r.matchedScheme ?? null,
    // Only a body that parsed can be stripped of credentials; any other is never stored in the clear.
    payload: r.payload === undefined ? null : JSON.stringify((contract.storablePayload ?? redact)(r.payload)),
    receivedAt,
  };
}

async function refuse<D extends Delivery>(
  contract: WebhookContract<D>,
  request: Incoming,
  receivedAt: Date,
  r: Refusal,
): Promise<Response> {
  try {
    const db = database();
    await db.ready;
    // Within the per-vendor cap, else counted per hour; a signature failure is quarantined, sealed (quarantine.ts).
    await storeRefusal(
      db,
      { ...refusalFacts(contract, request, receivedAt, r), reason: r.reason, detail: r.detail.slice(0, 1000) },
      quarantineSecret(contract, request.headers, r),
    );
  } catch (error) {
    log.error("could not record a rejected delivery", {
      vendor: contract.vendor,
      reason: r.reason,
      error: String(error),
    });
  }
  metrics().refusals.inc({ vendor: contract.vendor, reason: r.reason });
  log.warn("webhook delivery refused", { vendor: contract.vendor, reason: r.reason, detail: r.detail });
  return jsonError(REJECT_STATUS[r.reason], r.reason, r.detail);
}

/** The sealed part of a signature failure, when a QUARANTINE_KEY is configured. */
function quarantineSecret<D extends Delivery>(
  contract: WebhookContract<D>,
  headers: Headers,
  r: Refusal,
): { key: Buffer; sealed: Sealed } | undefined {
  if (!QUARANTINED_REASONS.has(r.reason)) return undefined;
  const key = config().QUARANTINE_KEY;
  if (!key) return undefined;
  return { key, sealed: { headers: pickHeaders(headers, sealedHeaders(contract)), body: r.body } };
}

/** What re-verify needs to run a contract's verify and parse again: the signature and the stored headers. */
export const sealedHeaders = (contract: { signatureHeader: string; storedHeaders: readonly string[] }) => [
  contract.signatureHeader,
  ...contract.storedHeaders,
];

/**
 * JSON may carry U+0000, which PostgreSQL text cannot store: it would fail the delivery for good on
 * every retry. It is replaced by U+FFFD (the signature was already checked on the raw bytes).
 */
export function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k) as string, withoutNul(v)]));
  }
  return value;
}

/**
 * Why a body is not JSON, without quoting it: V8's messages can echo part of the body (which may
 * hold a mailbox password), so only the position is kept.
 */
export function malformedJsonDetail(error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  return position === undefined ? "body is not valid JSON" : `body is not valid JSON (at character ${position})`;
}

function unavailable(vendor: string, message: string): Response {
  metrics().unavailable.inc({ vendor });
  return jsonError(503, "unavailable", message, { "Retry-After": "5" });
}

/** What a delivery was about, in the refusal's detail: its event type and entity (the operator may apply it by hand). */
function about<D extends Delivery>(contract: WebhookContract<D>, delivery: D): string {
  const { entityType, entityUid } = contract.notice(delivery);
  const entity = entityUid ? `${entityType ?? "entity"} ${entityUid}` : null;
  return [delivery.eventType ?? "event", entity && `for ${entity}`].filter(Boolean).join(" ");
}

/**
 * The database refused a verified delivery with an error that recurs for the same data: 503 until it
 * has failed identically UNSTORABLE_AFTER times, then quarantined as `unstorable` and answered 200.
 */
async function unstorable<D extends Delivery>(
  contract: WebhookContract<D>,
  request: Incoming,
  receivedAt: Date,
  body: Buffer,
  delivery: D,
  failure: RepeatableFailure,
): Promise<Response> {
  const vendor = contract.vendor;
  try {
    const facts = refusalFacts(contract, request, receivedAt, { body });
    const outcome = await noteUnstorable(
      database(),
      { ...facts, payload: delivery.payload },
      failure,
      about(contract, delivery),
    );
    if (!outcome.quarantined) {
      log.warn("the database refused a delivery; answering 503 so the vendor retries", {
        vendor,
        error: failure.summary,
        attempt: outcome.attempts,
      });
      return unavailable(
        vendor,
        `the database refused this delivery (${outcome.attempts} of ${UNSTORABLE_AFTER}); retry later`,
      );
    }
    metrics().refusals.inc({ vendor, reason: "unstorable" });
    log.error("delivery quarantined as unstorable", { vendor, error: failure.summary, rejectionId: outcome.id });
    return json({ received: true, outcome: "unstorable", rejection_id: outcome.id });
  } catch (error) {
    log.error("could not record an unstorable delivery; answering 503", { vendor, error: String(error) });
    return unavailable(vendor, "database unavailable or busy; retry later");
  }
}

/**
 * What follows a good signature (here and in re-verify): nesting depth, JSON, schema. The delivery
 * with its kept request headers, or the refusal to record.
 */
export function parseVerified<D extends Delivery>(
  contract: WebhookContract<D>,
  headers: Headers,
  bytes: Buffer,
  receivedAt: Date,
): { ok: true; delivery: D } | { ok: false; refusal: Refusal } {
  const text = bytes.toString("utf8");
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    return {
      ok: false,
      refusal: { reason: "too_deep", detail: `JSON nests deeper than ${MAX_JSON_DEPTH} levels`, body: bytes },
    };
  }
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(text);
    // JSON can only carry NUL escaped, so a body without that escape needs no walk.
    if (bytes.includes("\\u0000")) parsedJson = withoutNul(parsedJson);
  } catch (error) {
    return {
      ok: false,
      refusal: { reason: "malformed_json", detail: malformedJsonDetail(error as Error), body: bytes },
    };
  }
  const parsed = contract.parse(parsedJson, headers, bytes, receivedAt);
  if (!parsed.ok) {
    return {
      ok: false,
      refusal: { reason: "invalid_payload", detail: parsed.detail, body: bytes, payload: parsedJson },
    };
  }
  for (const warning of parsed.delivery.warnings ?? []) log.warn(warning, { vendor: contract.vendor });
  // The non-secret request headers are kept with the event (the operator sees exactly what arrived).
  parsed.delivery.requestHeaders = storedHeaders(headers, contract.storedHeaders);
  return { ok: true, delivery: parsed.delivery };
}

/** A route handler's delivery (app/api/webhooks/<vendor>/route.ts). */
export function receiveWebhook<D extends Delivery>(request: Request, contract: WebhookContract<D>): Promise<Response> {
  return receive({ headers: request.headers, body: (cap) => readCapped(request, cap) }, contract);
}

export async function receive<D extends Delivery>(request: Incoming, contract: WebhookContract<D>): Promise<Response> {
  const receivedAt = new Date();
  const empty = Buffer.alloc(0);
  let allowed: readonly AddressRange[] | null;
  try {
    allowed = contract.allowedSources?.() ?? null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error("webhook receiver is not configured", { vendor: contract.vendor, error: error.message });
    return unavailable(contract.vendor, "webhook receiver is not configured yet");
  }
  if (allowed) {
    const source = clientAddress(request.headers.get("x-forwarded-for"), trustedProxies());
    if (!source || !inRanges(source, allowed)) {
      return refuse(contract, request, receivedAt, {
        reason: "source_not_allowed",
        detail: `source address ${source ?? "unknown"} is not in the vendor's allowed sources`,
        body: empty,
      });
    }
  }
  const signature = request.headers.get(contract.signatureHeader);
  if (signature === null || signature.trim() === "") {
    return refuse(contract, request, receivedAt, {
      reason: "missing_signature",
      detail: `${contract.signatureHeader} header is missing`,
      body: empty,
    });
  }
  if (!isJson(request.headers.get("content-type"))) {
    return refuse(contract, request, receivedAt, {
      reason: "bad_content_type",
      detail: `Content-Type must be application/json`,
      body: empty,
    });
  }
  const body = await request.body(contract.maxBytes);
  if (!body.ok) {
    return refuse(contract, request, receivedAt, {
      reason: "too_large",
      detail: `body exceeds ${contract.maxBytes} bytes; reading stopped there`,
      body: body.bytes,
      size: body.size,
    });
  }

  let verdict: Verdict;
  try {
    verdict = contract.verify(request.headers, body.bytes, receivedAt);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.error("webhook receiver is not configured", { vendor: contract.vendor, error: error.message });
    return unavailable(contract.vendor, "webhook receiver is not configured yet");
  }
  if (!verdict.ok) return refuse(contract, request, receivedAt, { ...verdict, body: body.bytes });

  const parsed = parseVerified(contract, request.headers, body.bytes, receivedAt);
  if (!parsed.ok) return refuse(contract, request, receivedAt, parsed.refusal);
  const notice = contract.notice(parsed.delivery);
  let result: IngestResult;
  let db: Database;
  try {
    db = database();
    await db.ready;
    result = await contract.ingest(db, parsed.delivery, receivedAt, notice);
  } catch (error) {
    const failure = repeatableFailure(error);
    if (failure) return unstorable(contract, request, receivedAt, body.bytes, parsed.delivery, failure);
    log.error("ingest failed; answering 503 so the vendor retries", { vendor: contract.vendor, error: String(error) });
    return unavailable(contract.vendor, "database unavailable or busy; retry later");
  }
  // Duplicates notify too (their count changes on open pages), as NOTIFY does on PostgreSQL.
  if (db.provider === "sqlite") publish(notice);
  countDelivery(contract.vendor, parsed.delivery.eventType, result, receivedAt);
  return json({ received: true, event_id: result.eventId, outcome: result.outcome, duplicate: result.duplicate });
}
