// The operator secrets, read from the environment: SESSION_SECRET signs sessions and login links,
// DASHBOARD_PASSWORD opens the login form, DASHBOARD_API_TOKEN authorises scripts (Bearer). Each key
// is derived for one purpose, so a token of one kind can never pass as another. A session key also
// depends on the password: changing DASHBOARD_PASSWORD signs every browser out.
import { digestsEqual, hmacSha256, sha256 } from "../webhooks/signature";

type Env = Record<string, string | undefined>;

const MIN_SECRET = 16;

/** SESSION_SECRET, or null when missing/short (then nobody can sign in: fail closed). */
export function sessionSecret(env: Env = process.env): string | null {
  const secret = env.SESSION_SECRET?.trim() ?? "";
  return secret.length >= MIN_SECRET ? secret : null;
}

export function dashboardPassword(env: Env = process.env): string | null {
  const password = env.DASHBOARD_PASSWORD ?? "";
  return password.length > 0 ? password : null;
}

export function apiToken(env: Env = process.env): string | null {
  const token = env.DASHBOARD_API_TOKEN?.trim() ?? "";
  return token.length >= MIN_SECRET ? token : null;
}

export type Purpose = "session" | "login-link";

/** The HMAC key for one purpose, or null when the dashboard is not configured for it. */
export function purposeKey(purpose: Purpose, env: Env = process.env): Buffer | null {
  const secret = sessionSecret(env);
  if (!secret) return null;
  if (purpose === "login-link") return hmacSha256(secret, "login-link:v1");
  const password = dashboardPassword(env);
  if (!password) return null;
  return hmacSha256(secret, "session:v1:", sha256(password));
}

/** Constant-time comparison of two secrets of any length (both are hashed to 32 bytes first). */
export function secretsEqual(given: string, expected: string): boolean {
  return digestsEqual(sha256(given), sha256(expected));
}
