// What `npm start` prints once the server listens: "Ready", where to point the vendors, and last,
// on its own line, how to sign in. While no operator account exists that is a one-time link that
// creates the first one (`npm run login-link` prints a fresh one without a restart).
import { createLoginToken, LOGIN_LINK_TTL_MINUTES } from "../auth/login-link";
import { operatorCount } from "../auth/operators";
import type { Db } from "../db/client";

/** The first account's one-time link (lib/auth/login-link.ts) alone on its line, or where to sign in once accounts exist. */
export async function loginLinkLines(base: string, prisma: Db): Promise<string[]> {
  if ((await operatorCount(prisma)) > 0)
    return [
      `Sign in at ${base}/login with your operator account (a new link for one: npm run login-link -- <email>; another account: npm run operator -- add <email>)`,
    ];
  const token = await createLoginToken();
  if (!token) return ["Sign in: set SESSION_SECRET to enable operator sign-in"];
  return [
    `Create the first operator account with this link (works once, ${LOGIN_LINK_TTL_MINUTES} min: choose your email and password):`,
    "",
    `    ${base}/login?token=${token}`,
  ];
}

export async function firstRunAnnouncement(base: string, prisma: Db): Promise<string> {
  return [
    "",
    `Ready on ${base}`,
    "",
    `InboxKit webhook:  ${base}/api/webhooks/inboxkit   (POST; signature scheme: ${process.env.INBOXKIT_SIGNATURE_SCHEME ?? "api-key-sha256"})`,
    `Inkbox webhook:    ${base}/api/webhooks/inkbox`,
    `See it come alive: npm run simulate -- google-onboarding`,
    "",
    ...(await loginLinkLines(base, prisma)),
    "",
  ].join("\n");
}
