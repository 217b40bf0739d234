// The login decision, independent of HTTP: password or one-time token, throttled per client.
import { z } from "zod";
import { consumeLoginToken } from "./login-link";
import { loginLimiters, type LoginLimiters } from "./rate-limit";
import { dashboardPassword, secretsEqual } from "./secrets";
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

const ALL = "*";

export function login(
  input: LoginInput,
  client: string,
  limiters: LoginLimiters = loginLimiters(),
  now: Date = new Date(),
): LoginResult {
  const next = safeNextPath(input.next);
  const perClient = limiters.perClient.check(client);
  const gate = perClient.allowed ? limiters.overall.check(ALL) : perClient;
  if (!gate.allowed) {
    return {
      ok: false,
      status: 429,
      code: "too_many_attempts",
      message: `Too many failed sign-ins. Try again in ${gate.retryAfterSeconds} s.`,
      retryAfterSeconds: gate.retryAfterSeconds,
    };
  }
  const password = dashboardPassword();
  const session = createSessionToken(now);
  if (!password || !session) {
    return {
      ok: false,
      status: 503,
      code: "not_configured",
      message: "Sign-in is not configured: set DASHBOARD_PASSWORD and SESSION_SECRET (npm start generates them).",
    };
  }
  if ("password" in input) {
    if (!secretsEqual(input.password, password)) {
      fail(limiters, client);
      return { ok: false, status: 401, code: "invalid_password", message: "That password is not right." };
    }
  } else {
    const use = consumeLoginToken(input.token, now);
    if (!use.ok) {
      fail(limiters, client);
      return {
        ok: false,
        status: 401,
        code: "invalid_link",
        message: TOKEN_REFUSED[use.reason] ?? "This sign-in link is not valid. Sign in with the password.",
      };
    }
  }
  limiters.perClient.succeed(client);
  return { ok: true, session, next };
}

function fail(limiters: LoginLimiters, client: string): void {
  limiters.perClient.fail(client);
  limiters.overall.fail(ALL);
}
