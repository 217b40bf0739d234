// What `npm start` prints once the server is starting: where to point the vendors, and how to sign in.
// While no operator account exists it prints a one-time link that creates the first one.
import { createLoginToken, LOGIN_LINK_TTL_MINUTES } from "../auth/login-link";
import { operatorCount } from "../auth/operators";
import type { Db } from "../db/client";

/** The first account's one-time link (lib/auth/login-link.ts), or where to sign in once accounts exist. */
export async function loginLinkLine(base: string, prisma: Db): Promise<string> {
  if ((await operatorCount(prisma)) > 0)
    return `Sign in:           ${base}/login with your operator account   (another one: npm run operator -- add <email>)`;
  const token = await createLoginToken();
  if (!token) return "Sign in:           set SESSION_SECRET to enable operator sign-in";
  return `First operator:    ${base}/login?token=${token}   (works once, ${LOGIN_LINK_TTL_MINUTES} min: choose your email and password)`;
}

export async function firstRunAnnouncement(base: string, prisma: Db): Promise<string> {
  return [
    "",
    `Dashboard:         ${base}`,
    await loginLinkLine(base, prisma),
    `InboxKit webhook:  ${base}/api/webhooks/inboxkit   (POST; signature scheme: ${process.env.INBOXKIT_SIGNATURE_SCHEME ?? "api-key-sha256"})`,
    `Inkbox webhook:    ${base}/api/webhooks/inkbox`,
    `See it come alive: npm run simulate -- google-onboarding`,
    "",
  ].join("\n");
}
