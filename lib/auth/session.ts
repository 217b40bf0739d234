// Who is the operator? A session cookie naming an open session in the database (lib/auth/sessions.ts:
// revocable, idle timeout, absolute lifetime) or `Authorization: Bearer <DASHBOARD_API_TOKEN>`.
// Every operator page, API route and server action calls getOperator/requireOperatorPage itself;
// there is no middleware to forget. Mutating routes also check isSameOrigin.
// Over https (directly, or behind a trusted proxy saying X-Forwarded-Proto: https) the cookie is
// `__Host-operator_session` with Secure; over plain http (localhost) it is `operator_session`.
import { headers as requestHeaders } from "next/headers";
import { redirect } from "next/navigation";
import { ready } from "../queries/db";
import { apiToken, type Env } from "../config";
import { secretsEqual } from "./secrets";
import { loginPath } from "./next-path";
import { ABSOLUTE_LIFETIME_SECONDS, validateSession } from "./sessions";

export const SESSION_COOKIE = "operator_session";
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** The cookie lives as long as a session may (7 days); the database decides whether it is still open. */
export const SESSION_TTL_SECONDS = ABSOLUTE_LIFETIME_SECONDS;

export type Operator = { via: "session"; id: string; email: string; sessionId: string } | { via: "token" };

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

export const sessionCookieName = (secure: boolean): string => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

/** The session token a request carries: only the cookie name that fits how it reached us. */
export function sessionTokenOf(headers: Headers, url?: string): string | null {
  return readCookie(headers.get("cookie"), sessionCookieName(originOf(headers, url).protocol === "https"));
}

/** The operator behind a request (route handlers pass it; server components use the request's headers). */
export async function getOperator(request?: Request, now: Date = new Date()): Promise<Operator | null> {
  const headers = request ? request.headers : await requestHeaders();
  if (bearerMatches(headers.get("authorization"))) return { via: "token" };
  const token = sessionTokenOf(headers, request?.url);
  if (!token) return null;
  const operator = await validateSession(await ready(), token, now);
  return operator ? { via: "session", ...operator } : null;
}

/** For server components: the operator, or a redirect to /login?next=<nextPath>. */
export async function requireOperatorPage(nextPath: string): Promise<Operator> {
  const operator = await getOperator();
  if (operator) return operator;
  redirect(loginPath(nextPath));
}

const cookieAttributes = (secure: boolean, maxAge: number) =>
  ["Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${maxAge}`, ...(secure ? ["Secure"] : [])].join("; ");

/** The Set-Cookie value for a new session (`__Host-` and Secure when served over https). */
export function sessionCookie(token: string, secure: boolean): string {
  return `${sessionCookieName(secure)}=${token}; ${cookieAttributes(secure, SESSION_TTL_SECONDS)}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${sessionCookieName(secure)}=; ${cookieAttributes(secure, 0)}`;
}

function originOf(headers: Headers, url?: string): { host: string; protocol: string } {
  const parsed = url ? new URL(url) : null;
  const host = headers.get("x-forwarded-host")?.split(",")[0].trim() || headers.get("host") || parsed?.host || "";
  const protocol =
    headers.get("x-forwarded-proto")?.split(",")[0].trim() || parsed?.protocol.replace(/:$/, "") || "http";
  return { host: host.toLowerCase(), protocol: protocol.toLowerCase() };
}

/**
 * The origin the browser used to reach us (the Host header, as proxies forward it). The forwarded
 * headers are believed because lib/cli/serve.ts keeps them only from TRUSTED_PROXIES.
 */
export function requestOrigin(request: Request): { host: string; protocol: string } {
  return originOf(request.headers, request.url);
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
