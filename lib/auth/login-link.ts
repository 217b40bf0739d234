// One-time login links, as notebook servers print them: `npm start` prints
// <origin>/login?token=…; the token is signed with a key derived from SESSION_SECRET, expires after
// LOGIN_LINK_TTL_MINUTES and opens one session. Stateless apart from the set of used token ids,
// kept in this process until they expire (a restart forgets them, but by then most have expired,
// and a link is printed only to the terminal of the person who started the server).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Env } from "../config";
import { purposeKey } from "./secrets";
import { epochSeconds, signToken, verifyToken } from "./signed-token";

export const LOGIN_LINK_TTL_MINUTES = 30;

const claims = z.object({ sub: z.literal("login"), jti: z.string().min(8).max(64), exp: z.number().int() });

export function createLoginToken(now: Date = new Date(), env?: Env): string | null {
  const key = purposeKey("login-link", env);
  if (!key) return null;
  return signToken(
    { sub: "login", jti: randomBytes(12).toString("base64url"), exp: epochSeconds(now) + LOGIN_LINK_TTL_MINUTES * 60 },
    key,
  );
}

export type LoginTokenUse =
  { ok: true } | { ok: false; reason: "malformed" | "bad_signature" | "expired" | "used" | "not_configured" };

/** Remembers used token ids until they expire; a token is accepted at most once. */
export class UsedTokens {
  private used = new Map<string, number>();

  consume(jti: string, expSeconds: number, now: Date): boolean {
    for (const [id, exp] of this.used) if (exp * 1000 <= now.getTime()) this.used.delete(id);
    if (this.used.has(jti)) return false;
    this.used.set(jti, expSeconds);
    return true;
  }
}

const holder = globalThis as unknown as { __usedLoginTokens?: UsedTokens };
const usedTokens = () => (holder.__usedLoginTokens ??= new UsedTokens());

/** Checks a login token and marks it used. */
export function consumeLoginToken(
  token: string | null | undefined,
  now: Date = new Date(),
  env?: Env,
  used: UsedTokens = usedTokens(),
): LoginTokenUse {
  const key = purposeKey("login-link", env);
  if (!key) return { ok: false, reason: "not_configured" };
  const check = verifyToken(token, key, claims, now);
  if (!check.ok) return check;
  return used.consume(check.claims.jti, check.claims.exp, now) ? { ok: true } : { ok: false, reason: "used" };
}

/** Whether a token would be accepted, without using it (the login page shows its state). */
export function peekLoginToken(token: string | null | undefined, now: Date = new Date(), env?: Env): boolean {
  const key = purposeKey("login-link", env);
  return !!key && verifyToken(token, key, claims, now).ok;
}
