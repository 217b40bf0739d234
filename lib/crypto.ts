// General-purpose crypto the whole app shares: digests, HMAC, constant-time comparison and key lists
// (for rotation). Pure, no I/O. Webhook header parsing stays in lib/webhooks/signature.ts; signed
// tokens are lib/tokens.ts.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export function sha256(data: Buffer | string): Buffer {
  return createHash("sha256").update(data).digest();
}

export function hmacSha256(key: Buffer | string, ...parts: (Buffer | string)[]): Buffer {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time equality of two digests (length is public: both are SHA-256). */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of two secrets of any length (both are hashed to 32 bytes first). */
export function secretsEqual(given: string, expected: string): boolean {
  return digestsEqual(sha256(given), sha256(expected));
}

/** Comma-separated key list (for rotation): trimmed, empty entries dropped. */
export function splitKeys(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}
