// The operator secrets, read from the environment: SESSION_SECRET signs the one-time set-password
// links, DASHBOARD_API_TOKEN authorises scripts (Bearer). Each key is derived for one purpose, so a
// token of one kind can never pass as another. Operators sign in with their own accounts
// (lib/auth/operators.ts); sessions live in the database (lib/auth/sessions.ts).
// The variables themselves are read and checked in lib/config.ts.
import { sessionSecret, type Env } from "../config";
import { hmacSha256 } from "../crypto";

export type Purpose = "login-link";

/** The HMAC key for one purpose, or null when the dashboard is not configured for it. */
export function purposeKey(purpose: Purpose, env?: Env): Buffer | null {
  const secret = sessionSecret(env);
  return secret ? hmacSha256(secret, `${purpose}:v1`) : null;
}

export { secretsEqual } from "../crypto";
