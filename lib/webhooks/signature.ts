// The `sha256=<hex>` signature header both vendors send, parsed strictly. Digests and constant-time
// comparison are lib/crypto.ts.
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
