// Pure helpers shared by the vendors' verifiers: header parsing and constant-time comparison.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/** `sha256=<64 hex>` → the digest bytes; anything else (wrong prefix, length, case, spaces) → null. */
export function parseSha256Header(value: string | null): Buffer | null {
  if (value === null) return null;
  const match = SIGNATURE.exec(
    value
      .trim()
      .toLowerCase()
      .replace(/^sha256=\s*/, "sha256="),
  );
  return match ? Buffer.from(match[1], "hex") : null;
}

/** Constant-time equality of two digests (length is public: both are SHA-256). */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sha256(data: Buffer | string): Buffer {
  return createHash("sha256").update(data).digest();
}

export function hmacSha256(key: Buffer | string, ...parts: (Buffer | string)[]): Buffer {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Comma-separated key list (for rotation): trimmed, empty entries dropped. */
export function splitKeys(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
}
