// Signed, expiring customer links: /onboarding/<workspaceId>?token=<token>. The token is
// base64url(JSON { workspaceId, exp }) "." base64url(HMAC-SHA256(CUSTOMER_LINK_SECRET, first part)).
// No login: whoever holds the link sees that one workspace's onboarding until `exp`. Pure apart
// from reading the secret from the environment.
import { z } from "zod";
import { customerLinkSecret } from "./config";
import { digestsEqual, hmacSha256 } from "./webhooks/signature";

export const DEFAULT_LINK_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

const claimsSchema = z.object({ workspaceId: z.string().min(1).max(200), exp: z.number().int().positive() });
export type LinkClaims = z.infer<typeof claimsSchema>;

export type LinkVerification =
  | { ok: true; workspaceId: string; expiresAt: Date }
  | { ok: false; reason: "missing" | "malformed" | "bad_signature" | "wrong_workspace" | "expired"; expiredAt?: Date };

export { customerLinkSecret };

const mac = (secret: string, body: string) => hmacSha256(secret, body).toString("base64url");

export function signCustomerLink(
  workspaceId: string,
  secret: string,
  options: { days?: number; expiresAt?: Date; now?: Date } = {},
): string {
  const now = options.now ?? new Date();
  const expiresAt = options.expiresAt ?? new Date(now.getTime() + (options.days ?? DEFAULT_LINK_DAYS) * DAY_MS);
  const claims: LinkClaims = { workspaceId, exp: Math.floor(expiresAt.getTime() / 1000) };
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${mac(secret, body)}`;
}

function decodeClaims(body: string): LinkClaims | null {
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Checks signature (constant time), workspace and expiry, in that order. */
export function verifyCustomerLink(
  token: string | null | undefined,
  workspaceId: string,
  secret: string,
  now: Date = new Date(),
): LinkVerification {
  if (!token) return { ok: false, reason: "missing" };
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!match) return { ok: false, reason: "malformed" };
  const [, body, given] = match;
  if (!digestsEqual(Buffer.from(mac(secret, body), "base64url"), Buffer.from(given, "base64url")))
    return { ok: false, reason: "bad_signature" };
  const claims = decodeClaims(body);
  if (!claims) return { ok: false, reason: "malformed" };
  if (claims.workspaceId !== workspaceId) return { ok: false, reason: "wrong_workspace" };
  const expiresAt = new Date(claims.exp * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired", expiredAt: expiresAt };
  return { ok: true, workspaceId, expiresAt };
}

export function customerLinkPath(workspaceId: string, token: string): string {
  return `/onboarding/${encodeURIComponent(workspaceId)}?token=${encodeURIComponent(token)}`;
}

/** A fresh signed path to a workspace's customer page (what operators copy, and `npm run link` prints). */
export function newCustomerLinkPath(
  workspaceId: string,
  options: { days?: number; now?: Date } = {},
): { path: string; expiresAt: Date } {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.days ?? DEFAULT_LINK_DAYS) * DAY_MS);
  return {
    path: customerLinkPath(workspaceId, signCustomerLink(workspaceId, customerLinkSecret(), { expiresAt })),
    expiresAt,
  };
}

/** What the customer reads when a link does not open the page (never which check failed in detail). */
export function refusalMessage(v: Extract<LinkVerification, { ok: false }>): {
  title: string;
  status: 401 | 403;
  message: string;
} {
  if (v.reason === "missing")
    return {
      title: "This page needs a link",
      status: 401,
      message: "Open the onboarding link you were sent; it carries a key that opens this page.",
    };
  if (v.reason === "expired")
    return {
      title: "This link has expired",
      status: 403,
      message: "Links stay valid for a limited time. Ask your account contact for a fresh link.",
    };
  return {
    title: "This link is not valid",
    status: 403,
    message:
      "The link may have been copied incompletely or belongs to another workspace. Ask your account contact for a fresh link.",
  };
}

/** The check every customer-facing entry point runs: page, JSON endpoint and stream. */
export function customerAccess(
  workspaceId: string,
  token: string | null | undefined,
  now: Date = new Date(),
): LinkVerification {
  return verifyCustomerLink(token, workspaceId, customerLinkSecret(), now);
}
