// One signed-token format for everything the dashboard hands out: operator session cookies,
// one-time login links and customers' onboarding links. Each is a JWT signed with HS256 (jose),
// carrying `aud` (what it is for), `iat`, `exp` and a random `jti`. Its protected header is always
// {"alg":"HS256"}, so the token leaves it out and verification puts it back: <payload>.<signature>,
// a shorter link. The caller passes a key derived for one purpose and the clock; claims are checked
// with the caller's zod schema only after the signature matched.
import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { z } from "zod";

export type Audience = "operator-session" | "login-link" | "customer-link";

export type TokenFailure = "malformed" | "bad_signature" | "expired";

/** A failed check still names the claims when only the expiry failed (a caller may check them first). */
export type TokenCheck<T> = { ok: true; claims: T } | { ok: false; reason: TokenFailure; claims?: T };

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256" })).toString("base64url");
const TOKEN = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/;

/** Seconds since the epoch, the unit of `iat` and `exp`. */
export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Signs `claims` for one audience, valid until `expiresAt` (a fresh `jti` each time). */
export async function signToken(
  audience: Audience,
  claims: JWTPayload,
  key: Uint8Array,
  { expiresAt, now = new Date() }: { expiresAt: Date; now?: Date },
): Promise<string> {
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(audience)
    .setIssuedAt(epochSeconds(now))
    .setExpirationTime(epochSeconds(expiresAt))
    .setJti(randomBytes(12).toString("base64url"))
    .sign(key);
  const [header, payload, signature] = jwt.split(".");
  if (header !== HEADER) throw new Error("unexpected JWS header");
  return `${payload}.${signature}`;
}

/** Signature first (constant time, in jose), then audience and expiry, then the claims' shape. */
export async function verifyToken<S extends z.ZodType<{ exp: number }>>(
  token: string | null | undefined,
  audience: Audience,
  key: Uint8Array,
  schema: S,
  now: Date = new Date(),
): Promise<TokenCheck<z.infer<S>>> {
  const match = token ? TOKEN.exec(token.trim()) : null;
  if (!match) return { ok: false, reason: "malformed" };
  const shaped = (payload: unknown) => schema.safeParse(payload);
  try {
    const { payload } = await jwtVerify(`${HEADER}.${match[1]}.${match[2]}`, key, {
      algorithms: ["HS256"],
      audience,
      currentDate: now,
      requiredClaims: ["exp", "jti"],
    });
    const claims = shaped(payload);
    return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: "malformed" };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: "bad_signature" };
    if (error instanceof errors.JWTExpired) {
      const claims = shaped(error.payload);
      return claims.success
        ? { ok: false, reason: "expired", claims: claims.data }
        : { ok: false, reason: "malformed" };
    }
    if (error instanceof errors.JOSEError) return { ok: false, reason: "malformed" };
    throw error;
  }
}
