// The login decision, independent of HTTP: password or one-time token, throttled per account and
// client address (lib/auth/rate-limit.ts). A valid one-time link is never throttled.
import { z } from "zod";
import { consumeLoginToken } from "./login-link";
import type { LoginThrottle } from "./rate-limit";
import { dashboardPassword } from "../config";
import { secretsEqual } from "./secrets";
import { createSessionToken } from "./session";
import { safeNextPath } from "./next-path";

export const loginInput = z.union([
  z.object({ password: z.string().min(1, "Enter the password").max(1000), next: z.string().max(2000).optional() }),
  z.object({ token: z.string().min(1).max(4000), next: z.string().max(2000).optional() }),
]);
export type LoginInput = z.infer<typeof loginInput>;

export type LoginResult =
  | { ok: true; session: string; next: string }
  | { ok: false; status: 400 | 401 | 429 | 503; code: string; message: string; retryAfterSeconds?: number };

const TOKEN_REFUSED: Record<string, string> = {
  used: "This sign-in link was already used. Sign in with the password, or restart the server for a new link.",
  expired: "This sign-in link has expired. Sign in with the password, or restart the server for a new link.",
};

/** The account DASHBOARD_PASSWORD signs in to. */
export const PASSWORD_ACCOUNT = "password";

const NOT_CONFIGURED: LoginResult = {
  ok: false,
  status: 503,
  code: "not_configured",
  message: "Sign-in is not configured: set DASHBOARD_PASSWORD and SESSION_SECRET (npm start generates them).",
};

export async function login(
  input: LoginInput,
  client: string,
  throttle: LoginThrottle,
  now: Date = new Date(),
): Promise<LoginResult> {
  const next = safeNextPath(input.next);
  const password = dashboardPassword();
  const session = createSessionToken(now);
  if (!password || !session) return NOT_CONFIGURED;

  if ("token" in input) {
    const use = consumeLoginToken(input.token, now);
    if (use.ok) return { ok: true, session, next };
    await throttle.fail(null, client);
    return {
      ok: false,
      status: 401,
      code: "invalid_link",
      message: TOKEN_REFUSED[use.reason] ?? "This sign-in link is not valid. Sign in with the password.",
    };
  }

  const gate = await throttle.check(PASSWORD_ACCOUNT, client);
  if (!gate.allowed) {
    return {
      ok: false,
      status: 429,
      code: "too_many_attempts",
      message: `Too many failed sign-ins. Try again in ${gate.retryAfterSeconds} s.`,
      retryAfterSeconds: gate.retryAfterSeconds,
    };
  }
  if (!secretsEqual(input.password, password)) {
    await throttle.fail(PASSWORD_ACCOUNT, client);
    return { ok: false, status: 401, code: "invalid_password", message: "That password is not right." };
  }
  await throttle.succeed(PASSWORD_ACCOUNT, client);
  return { ok: true, session, next };
}
