// Compact signed tokens for the operator side (session cookie, one-time login link):
// base64url(JSON claims) "." base64url(HMAC-SHA256(key, first part)). Pure: the caller passes the
// key and the clock. Claims are validated with a zod schema after the MAC matches (constant time).
import type { z } from "zod";
import { digestsEqual, hmacSha256 } from "../webhooks/signature";

const TOKEN = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/;

export type TokenCheck<T> = { ok: true; claims: T } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

const mac = (key: Buffer, body: string) => hmacSha256(key, body);

export function signToken<T extends { exp: number }>(claims: T, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${mac(key, body).toString("base64url")}`;
}

/** Signature first (constant time), then shape, then expiry (`exp` in seconds since the epoch). */
export function verifyToken<S extends z.ZodType<{ exp: number }>>(
  token: string | null | undefined,
  key: Buffer,
  schema: S,
  now: Date = new Date(),
): TokenCheck<z.infer<S>> {
  const match = token ? TOKEN.exec(token.trim()) : null;
  if (!match) return { ok: false, reason: "malformed" };
  const [, body, given] = match;
  if (!digestsEqual(mac(key, body), Buffer.from(given, "base64url"))) return { ok: false, reason: "bad_signature" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const claims = schema.safeParse(parsed);
  if (!claims.success) return { ok: false, reason: "malformed" };
  if (claims.data.exp * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: claims.data };
}

/** Seconds since the epoch, the unit of `exp`. */
export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
