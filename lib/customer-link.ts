// Signed, expiring customer links: /onboarding/<workspaceId>?token=<token>. The token is the app's one
// signed-token format (lib/tokens.ts: audience "customer-link", the workspace as `sub`), keyed by
// CUSTOMER_LINK_SECRET. No login: whoever holds the link sees that one workspace's onboarding until
// `exp`. Pure apart from reading the secret through lib/config.ts.
import { z } from "zod";
import { customerLinkSecret } from "./config";
import { hmacSha256 } from "./crypto";
import { signToken, verifyToken } from "./tokens";

export { customerLinkSecret };

export const DEFAULT_LINK_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

const claimsSchema = z.object({ sub: z.string().min(1).max(200), exp: z.number().int().positive() });
export type LinkClaims = z.infer<typeof claimsSchema>;

export type LinkVerification =
  | { ok: true; workspaceId: string; expiresAt: Date }
  | { ok: false; reason: "missing" | "malformed" | "bad_signature" | "wrong_workspace" | "expired"; expiredAt?: Date };

/** The signing key: derived from the secret for this one purpose. */
export const customerLinkKey = (secret: string): Buffer => hmacSha256(secret, "customer-link:v1");

export function signCustomerLink(
  workspaceId: string,
  secret: string,
  options: { days?: number; expiresAt?: Date; now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date();
  const expiresAt = options.expiresAt ?? new Date(now.getTime() + (options.days ?? DEFAULT_LINK_DAYS) * DAY_MS);
  return signToken("customer-link", { sub: workspaceId }, customerLinkKey(secret), { now, expiresAt });
}

/** Checks signature (constant time), workspace and expiry, in that order. */
export async function verifyCustomerLink(
  token: string | null | undefined,
  workspaceId: string,
  secret: string,
  now: Date = new Date(),
): Promise<LinkVerification> {
  if (!token) return { ok: false, reason: "missing" };
  const check = await verifyToken(token, "customer-link", customerLinkKey(secret), claimsSchema, now);
  if (!check.ok && !check.claims) return { ok: false, reason: check.reason };
  const claims = check.ok ? check.claims : check.claims!;
  if (claims.sub !== workspaceId) return { ok: false, reason: "wrong_workspace" };
  const expiresAt = new Date(claims.exp * 1000);
  if (!check.ok) return { ok: false, reason: "expired", expiredAt: expiresAt };
  return { ok: true, workspaceId, expiresAt };
}

export function customerLinkPath(workspaceId: string, token: string): string {
  return `/onboarding/${encodeURIComponent(workspaceId)}?token=${encodeURIComponent(token)}`;
}

/** A fresh signed path to a workspace's customer page (what operators copy, and `npm run link` prints). */
export async function newCustomerLinkPath(
  workspaceId: string,
  options: { days?: number; now?: Date } = {},
): Promise<{ path: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.days ?? DEFAULT_LINK_DAYS) * DAY_MS);
  const token = await signCustomerLink(workspaceId, customerLinkSecret(), { now, expiresAt });
  return { path: customerLinkPath(workspaceId, token), expiresAt };
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
): Promise<LinkVerification> {
  return verifyCustomerLink(token, workspaceId, customerLinkSecret(), now);
}
