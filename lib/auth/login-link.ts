// One-time set-password links: `npm start` prints <origin>/login?token=… while no operator account
// exists (the link creates the first one), and `npm run operator -- add <email>` prints one for that
// email. The token is signed with a key derived from SESSION_SECRET and expires; it is accepted once:
// used token ids are stored in the database (used_login_tokens) until they expire, so a used link
// stays used across restarts and instances.
import { z } from "zod";
import type { Env } from "../config";
import type { Db } from "../db/client";
import { purposeKey } from "./secrets";
import { signToken, verifyToken } from "../tokens";

/** The first account's link, printed to the terminal of whoever started the server. */
export const LOGIN_LINK_TTL_MINUTES = 30;
/** A link for a colleague (`npm run operator -- add`) may take a day to reach them. */
export const INVITE_LINK_TTL_MINUTES = 24 * 60;

const claims = z.object({
  sub: z.literal("login"),
  jti: z.string().min(8).max(64),
  exp: z.number().int(),
  /** The account the link sets a password for; absent: the first account, whose email the form asks for. */
  email: z.string().max(320).optional(),
});
export type LoginLinkClaims = z.infer<typeof claims>;

type LinkOptions = { email?: string; ttlMinutes?: number };

export async function createLoginToken(
  now: Date = new Date(),
  env?: Env,
  options: LinkOptions = {},
): Promise<string | null> {
  const key = purposeKey("login-link", env);
  if (!key) return null;
  const ttl = options.ttlMinutes ?? (options.email ? INVITE_LINK_TTL_MINUTES : LOGIN_LINK_TTL_MINUTES);
  const expiresAt = new Date(now.getTime() + ttl * 60 * 1000);
  return signToken("login-link", { sub: "login", ...(options.email ? { email: options.email } : {}) }, key, {
    now,
    expiresAt,
  });
}

export type LoginTokenUse =
  | { ok: true; claims: LoginLinkClaims }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" | "used" | "not_configured" };

/** Where used token ids are kept: consume answers false when the id was used before. */
export interface UsedTokenStore {
  consume(jti: string, expSeconds: number, now: Date): Promise<boolean>;
}

/** In one process only (unit tests). */
export class UsedTokens implements UsedTokenStore {
  private used = new Map<string, number>();

  async consume(jti: string, expSeconds: number, now: Date): Promise<boolean> {
    for (const [id, exp] of this.used) if (exp * 1000 <= now.getTime()) this.used.delete(id);
    if (this.used.has(jti)) return false;
    this.used.set(jti, expSeconds);
    return true;
  }
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** In the database: the primary key makes the first insert win, across instances and restarts. */
export function databaseUsedTokens(prisma: Db): UsedTokenStore {
  return {
    async consume(jti, expSeconds, now) {
      await prisma.usedLoginToken.deleteMany({ where: { expiresAt: { lt: now } } });
      try {
        await prisma.usedLoginToken.create({ data: { jti, usedAt: now, expiresAt: new Date(expSeconds * 1000) } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
  };
}

export type LoginTokenCheck = Exclude<LoginTokenUse, { ok: false; reason: "used" }>;

/** Signature, shape and expiry of a token, without using it. */
export async function checkLoginToken(
  token: string | null | undefined,
  now: Date = new Date(),
  env?: Env,
): Promise<LoginTokenCheck> {
  const key = purposeKey("login-link", env);
  if (!key) return { ok: false, reason: "not_configured" };
  const check = await verifyToken(token, "login-link", key, claims, now);
  return check.ok ? check : { ok: false, reason: check.reason };
}

/** Checks a login token and marks it used. */
export async function consumeLoginToken(
  token: string | null | undefined,
  used: UsedTokenStore,
  now: Date = new Date(),
  env?: Env,
): Promise<LoginTokenUse> {
  const check = await checkLoginToken(token, now, env);
  if (!check.ok) return check;
  return (await used.consume(check.claims.jti, check.claims.exp, now)) ? check : { ok: false, reason: "used" };
}

/** A token's claims if it would be accepted, without using it (the login page shows its form). */
export async function peekLoginToken(
  token: string | null | undefined,
  now: Date = new Date(),
  env?: Env,
): Promise<LoginLinkClaims | null> {
  const check = await checkLoginToken(token, now, env);
  return check.ok ? check.claims : null;
}

/** Whether a token id was used already (the login page says so before anyone types a password). */
export async function wasUsed(prisma: Db, jti: string): Promise<boolean> {
  return (await prisma.usedLoginToken.count({ where: { jti } })) > 0;
}
