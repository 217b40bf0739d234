// What `npm start` prints once the server is starting: where to point the vendors, and how to log in.
import { createLoginToken, LOGIN_LINK_TTL_MINUTES } from "../auth/login-link";

/** A one-time sign-in link, as notebook servers print one (lib/auth/login-link.ts). */
export function loginLinkLine(base: string): string {
  const token = createLoginToken();
  if (!token) return "Sign in:           set SESSION_SECRET and DASHBOARD_PASSWORD to enable operator sign-in";
  return `Sign in (once):    ${base}/login?token=${token}   (valid ${LOGIN_LINK_TTL_MINUTES} min; afterwards use DASHBOARD_PASSWORD)`;
}

export async function firstRunAnnouncement(base: string): Promise<string> {
  return [
    "",
    `Dashboard:         ${base}`,
    loginLinkLine(base),
    `InboxKit webhook:  ${base}/api/webhooks/inboxkit   (POST; signature scheme: ${process.env.INBOXKIT_SIGNATURE_SCHEME ?? "api-key-sha256"})`,
    `Inkbox webhook:    ${base}/api/webhooks/inkbox`,
    `See it come alive: npm run simulate -- google-onboarding`,
    "",
  ].join("\n");
}
