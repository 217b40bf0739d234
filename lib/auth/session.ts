// Who is the operator? A valid session cookie (HttpOnly, SameSite=Strict, signed with a key derived
// from SESSION_SECRET) or `Authorization: Bearer <DASHBOARD_API_TOKEN>`. Every operator page, API
// route and server action calls getOperator/requireOperatorPage itself; there is no middleware to
// forget. Mutating routes also check isSameOrigin.
import { randomBytes } from "node:crypto";
import { headers as requestHeaders } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { apiToken, type Env } from "../config";
import { purposeKey, secretsEqual } from "./secrets";
import { epochSeconds, signToken, verifyToken } from "./signed-token";
import { loginPath } from "./next-path";

export const SESSION_COOKIE = "operator_session";
/** A session lasts a working week; signing in again renews it. */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

export type Operator = { via: "session" | "token" };

const sessionClaims = z.object({
  sub: z.literal("operator"),
  sid: z.string().min(8).max(64),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** A fresh session cookie value, or null when SESSION_SECRET/DASHBOARD_PASSWORD are not configured. */
export function createSessionToken(now: Date = new Date(), env?: Env): string | null {
  const key = purposeKey("session", env);
  if (!key) return null;
  const iat = epochSeconds(now);
  return signToken(
    { sub: "operator", sid: randomBytes(12).toString("base64url"), iat, exp: iat + SESSION_TTL_SECONDS },
    key,
  );
}

export function verifySessionToken(token: string | null | undefined, now: Date = new Date(), env?: Env): boolean {
  const key = purposeKey("session", env);
  return !!key && verifyToken(token, key, sessionClaims, now).ok;
}

/** `Authorization: Bearer <token>` against DASHBOARD_API_TOKEN, in constant time. */
export function bearerMatches(authorization: string | null, env?: Env): boolean {
  const expected = apiToken(env);
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return !!expected && !!match && secretsEqual(match[1], expected);
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null; // a malformed cookie is no cookie, not a 500
      }
    }
  }
  return null;
}

/** The operator behind a request (route handlers pass it; server components use the request's headers). */
export async function getOperator(request?: Request): Promise<Operator | null> {
  const headers = request ? request.headers : await requestHeaders();
  if (bearerMatches(headers.get("authorization"))) return { via: "token" };
  if (verifySessionToken(readCookie(headers.get("cookie"), SESSION_COOKIE))) return { via: "session" };
  return null;
}

/** For server components: the operator, or a redirect to /login?next=<nextPath>. */
export async function requireOperatorPage(nextPath: string): Promise<Operator> {
  const operator = await getOperator();
  if (operator) return operator;
  redirect(loginPath(nextPath));
}

/** The Set-Cookie value for a new session (Secure when served over https). */
export function sessionCookie(token: string, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${SESSION_TTL_SECONDS}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [
    `${SESSION_COOKIE}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    "Max-Age=0",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** The origin the browser used to reach us (the Host header, as proxies forward it). */
export function requestOrigin(request: Request): { host: string; protocol: string } {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0].trim() || request.headers.get("host") || url.host;
  const protocol = request.headers.get("x-forwarded-proto")?.split(",")[0].trim() || url.protocol.replace(/:$/, "");
  return { host: host.toLowerCase(), protocol };
}

export const isHttps = (request: Request): boolean => requestOrigin(request).protocol === "https";

/**
 * For mutating routes: the browser says the request comes from this site. Origin must match our
 * host (Referer when a browser sent no Origin); a request with neither is refused.
 */
export function isSameOrigin(request: Request): boolean {
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  if (!source || source === "null") return false;
  try {
    return new URL(source).host.toLowerCase() === requestOrigin(request).host;
  } catch {
    return false;
  }
}
