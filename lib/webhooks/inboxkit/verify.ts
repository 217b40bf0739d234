// InboxKit signature verification: pure, no I/O.
//
// The vendor's recipe is uncertain (shared/vendor/NOTES.md), so two schemes are supported:
//  - `api-key-sha256` (default): header = sha256=hex(SHA-256(team API key)); static, does NOT
//    authenticate the body (anyone who saw one header can replay it with any body).
//  - `hmac-sha256`: header = sha256=hex(HMAC-SHA256(secret, raw body)).
// On failure we also report which scheme the header *would* have matched, so an operator who
// configured the wrong scheme gets a one-line fix instead of silent 401s.
import { digestsEqual, hmacSha256, sha256 } from "../../crypto";
import { parseSha256Header } from "../signature";

export const INBOXKIT_SCHEMES = ["api-key-sha256", "hmac-sha256"] as const;
export type InboxKitScheme = (typeof INBOXKIT_SCHEMES)[number];

export type InboxKitVerification =
  | { ok: true; scheme: InboxKitScheme; keyIndex: number }
  | { ok: false; reason: "missing_signature" | "bad_signature"; detail: string; matchedScheme: InboxKitScheme | null };

export function inboxKitSignature(scheme: InboxKitScheme, key: string, rawBody: Buffer): Buffer {
  return scheme === "hmac-sha256" ? hmacSha256(key, rawBody) : sha256(key);
}

/** Index of the first key whose signature under `scheme` equals `given`, or -1. Checks every key (constant work). */
function matchingKey(scheme: InboxKitScheme, keys: string[], rawBody: Buffer, given: Buffer): number {
  let found = -1;
  keys.forEach((key, i) => {
    if (digestsEqual(inboxKitSignature(scheme, key, rawBody), given) && found < 0) found = i;
  });
  return found;
}

export function verifyInboxKit(
  header: string | null,
  rawBody: Buffer,
  keys: string[],
  scheme: InboxKitScheme,
): InboxKitVerification {
  if (header === null || header.trim() === "") {
    return {
      ok: false,
      reason: "missing_signature",
      detail: "X-InboxKit-Signature header is missing",
      matchedScheme: null,
    };
  }
  const given = parseSha256Header(header);
  if (!given) {
    return {
      ok: false,
      reason: "bad_signature",
      detail: "X-InboxKit-Signature is not of the form sha256=<64 hex digits>",
      matchedScheme: null,
    };
  }
  const keyIndex = matchingKey(scheme, keys, rawBody, given);
  if (keyIndex >= 0) return { ok: true, scheme, keyIndex };
  const other = INBOXKIT_SCHEMES.find((s) => s !== scheme)!;
  const wouldMatch = matchingKey(other, keys, rawBody, given) >= 0 ? other : null;
  return {
    ok: false,
    reason: "bad_signature",
    detail: wouldMatch
      ? `signature matches scheme ${wouldMatch}, but INBOXKIT_SIGNATURE_SCHEME is ${scheme}`
      : `signature matches no configured key under either scheme`,
    matchedScheme: wouldMatch,
  };
}
