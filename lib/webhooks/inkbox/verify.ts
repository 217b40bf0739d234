// Inkbox signature verification: pure, no I/O (shared/vendor/NOTES.md, inkbox-webhooks.txt).
//
//   X-Inkbox-Signature: sha256=<hex>  =  HMAC-SHA256(key, `${X-Inkbox-Request-ID}.${X-Inkbox-Timestamp}.${raw body}`)
//
// - Every configured key is tried (rotation: Inkbox replaces its key at once, so the old and the new
//   key must both pass during the switch). A `whsec_` prefix is stripped and the rest used as the
//   UTF-8 key, as the vendor's SDK does (`secret.removeprefix("whsec_").encode()`).
// - X-Inkbox-Timestamp is Unix seconds, parsed strictly (ASCII digits only: no sign, decimals, spaces
//   or leading zeros, at most 12 digits) and refused when more than 300 s away from `now`, in either
//   direction. It is checked before the HMAC, as the vendor's steps say.
// - Digests are compared in constant time; every key is checked (the work does not reveal which matched).
// - A request without a signature is always refused: Inkbox sends unsigned requests until a key exists.
// - No key configured is a configuration error (ConfigError): the receiver answers 503, so Inkbox
//   retries instead of losing the delivery to a 401.
import { ConfigError } from "../../config";
import { digestsEqual, hmacSha256 } from "../../crypto";
import { parseSha256Header } from "../signature";

export const INKBOX_TOLERANCE_SECONDS = 300;
export const INKBOX_HEADERS = {
  signature: "x-inkbox-signature",
  requestId: "x-inkbox-request-id",
  timestamp: "x-inkbox-timestamp",
} as const;

export type InkboxSignedHeaders = { signature: string | null; requestId: string | null; timestamp: string | null };

export type InkboxVerification =
  | { ok: true; keyIndex: number; timestamp: number }
  | { ok: false; reason: "missing_signature" | "bad_signature" | "stale_timestamp"; detail: string };

/** The key bytes Inkbox signs with: the configured secret without its `whsec_` prefix, as UTF-8. */
export function inkboxKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "utf8");
}

export function inkboxSignature(secret: string, requestId: string, timestamp: string, rawBody: Buffer): Buffer {
  return hmacSha256(inkboxKey(secret), `${requestId}.${timestamp}.`, rawBody);
}

const UNIX_SECONDS = /^(0|[1-9][0-9]{0,11})$/;

/** Strict Unix seconds, or a sentence saying what is wrong with the header. */
export function parseInkboxTimestamp(
  value: string | null,
): { ok: true; seconds: number } | { ok: false; detail: string } {
  if (value === null || value === "") return { ok: false, detail: "X-Inkbox-Timestamp header is missing" };
  if (UNIX_SECONDS.test(value)) return { ok: true, seconds: Number(value) };
  const hint = /^[0-9]{13}$/.test(value) ? " (this looks like milliseconds)" : "";
  return { ok: false, detail: `X-Inkbox-Timestamp must be Unix seconds (digits only)${hint}` };
}

function matchingKey(keys: string[], requestId: string, timestamp: string, rawBody: Buffer, given: Buffer): number {
  let found = -1;
  keys.forEach((key, i) => {
    if (digestsEqual(inkboxSignature(key, requestId, timestamp, rawBody), given) && found < 0) found = i;
  });
  return found;
}

export function verifyInkbox(
  headers: InkboxSignedHeaders,
  rawBody: Buffer,
  keys: string[],
  now: Date,
): InkboxVerification {
  if (headers.signature === null || headers.signature.trim() === "") {
    return { ok: false, reason: "missing_signature", detail: "X-Inkbox-Signature header is missing" };
  }
  if (keys.length === 0)
    throw new ConfigError("INKBOX_SIGNING_KEYS holds no key: Inkbox deliveries cannot be verified");
  const given = parseSha256Header(headers.signature);
  if (!given)
    return {
      ok: false,
      reason: "bad_signature",
      detail: "X-Inkbox-Signature is not of the form sha256=<64 hex digits>",
    };
  const requestId = headers.requestId ?? "";
  if (requestId.trim() === "")
    return { ok: false, reason: "bad_signature", detail: "X-Inkbox-Request-ID header is missing" };
  const timestamp = parseInkboxTimestamp(headers.timestamp);
  if (!timestamp.ok) return { ok: false, reason: "bad_signature", detail: timestamp.detail };
  const skew = timestamp.seconds - Math.floor(now.getTime() / 1000);
  if (Math.abs(skew) > INKBOX_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: "stale_timestamp",
      detail: `X-Inkbox-Timestamp is ${Math.abs(skew)} s ${skew < 0 ? "in the past" : "in the future"} (tolerance ${INKBOX_TOLERANCE_SECONDS} s): replayed, or a clock is wrong`,
    };
  }
  const keyIndex = matchingKey(keys, requestId, headers.timestamp!, rawBody, given);
  if (keyIndex < 0)
    return { ok: false, reason: "bad_signature", detail: "signature matches no key in INKBOX_SIGNING_KEYS" };
  return { ok: true, keyIndex, timestamp: timestamp.seconds };
}

/** The three signed headers of a request (lower-cased names, as Headers gives them). */
export function inkboxSignedHeaders(headers: Headers): InkboxSignedHeaders {
  return {
    signature: headers.get(INKBOX_HEADERS.signature),
    requestId: headers.get(INKBOX_HEADERS.requestId),
    timestamp: headers.get(INKBOX_HEADERS.timestamp),
  };
}
