import { jsonError, json } from "@/lib/http";
import { login, loginInput, type LoginInput, type LoginResult } from "@/lib/auth/login";
import { clientKey, loginThrottle } from "@/lib/auth/rate-limit";
import { database } from "@/lib/db/client";
import { isHttps, isSameOrigin, sessionCookie } from "@/lib/auth/session";
import { readLoginBody, LOGIN_BODY_CAP } from "@/lib/auth/login-body";

export const dynamic = "force-dynamic";

/** The database holds the failed-sign-in counters; when it cannot be reached, sign-in waits (503). */
async function signIn(input: LoginInput, client: string): Promise<LoginResult> {
  try {
    const db = database();
    await db.ready;
    return await login(input, client, { throttle: loginThrottle(db.prisma), prisma: db.prisma });
  } catch {
    return {
      ok: false,
      status: 503,
      code: "unavailable",
      message: "Sign-in is unavailable for a moment (database). Try again.",
      retryAfterSeconds: 5,
    };
  }
}

/** POST email + password (or a one-time link's token + a new password) → session cookie. JSON callers get JSON; forms get 303 redirects. */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request))
    return jsonError(403, "cross_origin", "Sign-in must come from this dashboard's own login page");
  const read = await readLoginBody(request);
  if (read.tooLarge) return jsonError(413, "too_large", `A sign-in body is at most ${LOGIN_BODY_CAP / 1024} KiB`);
  const { form, body } = read;
  const input = loginInput.safeParse(body);
  if (!input.success)
    return jsonError(400, "invalid_input", "Send email and password (or a sign-in link's token and a new password)");
  const result = await signIn(input.data, clientKey(request));
  if (!result.ok) {
    const retry: Record<string, string> = result.retryAfterSeconds
      ? { "Retry-After": String(result.retryAfterSeconds) }
      : {};
    if (!form) return jsonError(result.status, result.code, result.message, retry);
    const back = new URL("/login", request.url);
    back.searchParams.set("error", result.code);
    if (input.data.next) back.searchParams.set("next", input.data.next);
    return new Response(null, { status: 303, headers: { Location: `${back.pathname}${back.search}`, ...retry } });
  }
  const cookie = { "Set-Cookie": sessionCookie(result.session, isHttps(request)), "Cache-Control": "no-store" };
  if (form) return new Response(null, { status: 303, headers: { Location: result.next, ...cookie } });
  return json({ ok: true, next: result.next }, { headers: cookie });
}
