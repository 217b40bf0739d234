// The operator secrets, read from the environment: SESSION_SECRET signs sessions and login links,
// DASHBOARD_PASSWORD opens the login form, DASHBOARD_API_TOKEN authorises scripts (Bearer). Each key
// is derived for one purpose, so a token of one kind can never pass as another. A session key also
// depends on the password: changing DASHBOARD_PASSWORD signs every browser out.
// The variables themselves are read and checked in lib/config.ts.
import { dashboardPassword, sessionSecret, type Env } from "../config";
import { digestsEqual, hmacSha256, sha256 } from "../webhooks/signature";

export type Purpose = "session" | "login-link";

/** The HMAC key for one purpose, or null when the dashboard is not configured for it. */
export function purposeKey(purpose: Purpose, env?: Env): Buffer | null {
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
