// The sign-in decision, independent of HTTP: an operator's email and password, or a one-time
// set-password link (the first account, or one added with `npm run operator -- add`) with the new
// password. Failed passwords are throttled per account and client address (lib/auth/rate-limit.ts);
// a valid one-time link is never throttled. Success opens a session in the database.
import { z } from "zod";
import type { Db } from "../db/client";
import { checkLoginToken, consumeLoginToken, databaseUsedTokens, wasUsed, type UsedTokenStore } from "./login-link";
import { findOperator, operatorCount, operatorEmail, setOperatorPassword } from "./operators";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords";
import type { LoginThrottle } from "./rate-limit";
import { createSession } from "./sessions";
import { safeNextPath } from "./next-path";
import { issueMessages } from "../validation";

const next = z.string().max(2000).optional();
export const loginInput = z.union([
  z.object({
    token: z.string().min(1).max(4000),
    email: z.string().max(400).optional(),
    password: z.string().max(MAX_PASSWORD_LENGTH),
    next,
  }),
  z.object({ email: z.string().min(1).max(400), password: z.string().min(1).max(MAX_PASSWORD_LENGTH), next }),
]);
export type LoginInput = z.infer<typeof loginInput>;

export type LoginFailure = {
  ok: false;
  status: 400 | 401 | 429 | 503;
  code: string;
  message: string;
  retryAfterSeconds?: number;
};
export type LoginResult = { ok: true; session: string; email: string; next: string } | LoginFailure;

export type LoginDeps = { throttle: LoginThrottle; prisma: Db; used?: UsedTokenStore };

const fail = (status: LoginFailure["status"], code: string, message: string): LoginFailure => ({
  ok: false,
  status,
  code,
  message,
});

const LINK_REFUSED: Record<string, string> = {
  used: "This sign-in link was already used. Sign in with your email and password, or ask for a new link.",
  expired: "This sign-in link has expired. Ask for a new one (npm run operator -- add <email>).",
  not_configured: "Sign-in links are not configured: set SESSION_SECRET (npm start generates it).",
};
const linkRefused = (reason: string) =>
  fail(
    reason === "not_configured" ? 503 : 401,
    reason === "not_configured" ? "not_configured" : "invalid_link",
    LINK_REFUSED[reason] ?? "This sign-in link is not valid. Sign in with your email and password.",
  );

export async function login(
  input: LoginInput,
  client: string,
  deps: LoginDeps,
  now: Date = new Date(),
): Promise<LoginResult> {
  const result = "token" in input ? await withLink(input, client, deps, now) : await withPassword(input, client, deps);
  if (!result.ok) return result;
  const session = await createSession(deps.prisma, result.id, now);
  return { ok: true, session, email: result.email, next: safeNextPath(input.next) };
}

type Signed = { ok: true; id: string; email: string } | LoginFailure;

async function withPassword(
  input: { email: string; password: string },
  client: string,
  deps: LoginDeps,
): Promise<Signed> {
  const email = input.email.trim().toLowerCase();
  const gate = await deps.throttle.check(email, client);
  if (!gate.allowed)
    return {
      ...fail(429, "too_many_attempts", `Too many failed sign-ins. Try again in ${gate.retryAfterSeconds} s.`),
      retryAfterSeconds: gate.retryAfterSeconds,
    };
  const operator = await findOperator(deps.prisma, email);
  if (!(await verifyPassword(operator?.passwordHash ?? null, input.password)) || !operator) {
    await deps.throttle.fail(email, client);
    return fail(
      401,
      "invalid_password",
      "That password is not right. Check the email too: each operator has their own account.",
    );
  }
  await deps.throttle.succeed(email, client);
  return { ok: true, id: operator.id, email: operator.email };
}

/**
 * A set-password link: the account it names (or, for the first-run link, the email typed while no
 * account exists), a new password of at least MIN_PASSWORD_LENGTH characters. Input mistakes are
 * answered before the link is used up, so a typo does not cost the link.
 */
async function withLink(
  input: { token: string; email?: string; password: string },
  client: string,
  deps: LoginDeps,
  now: Date,
): Promise<Signed> {
  const check = await checkLoginToken(input.token, now);
  if (!check.ok) {
    if (check.reason !== "not_configured") await deps.throttle.fail(null, client);
    return linkRefused(check.reason);
  }
  const { claims } = check;
  if (await wasUsed(deps.prisma, claims.jti)) return linkRefused("used");
  let email: string;
  if (claims.email) {
    email = claims.email;
    if (!(await findOperator(deps.prisma, email)))
      return fail(401, "invalid_link", "This link's account was removed. Ask an operator for a new link.");
  } else {
    if ((await operatorCount(deps.prisma)) > 0)
      return fail(401, "invalid_link", "The first account exists already: ask an operator to add you.");
    const parsed = operatorEmail.safeParse(input.email ?? "");
    if (!parsed.success) return fail(400, "invalid_email", issueMessages(parsed.error, { paths: false })[0]);
    email = parsed.data;
  }
  if (input.password.length < MIN_PASSWORD_LENGTH)
    return fail(400, "weak_password", `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
  const use = await consumeLoginToken(input.token, deps.used ?? databaseUsedTokens(deps.prisma), now);
  if (!use.ok) return linkRefused(use.reason);
  const account = await setOperatorPassword(deps.prisma, email, input.password, now);
  return { ok: true, ...account };
}

export type LinkState = { ok: true; token: string; email: string | null } | { ok: false; message: string };

/** What the login page shows for ?token=…: the set-password form (for which email), or why not. */
export async function linkState(prisma: Db, token: string, now: Date = new Date()): Promise<LinkState> {
  const check = await checkLoginToken(token, now);
  const refused = (failure: LoginFailure) => ({ ok: false, message: failure.message }) as const;
  if (!check.ok) return refused(linkRefused(check.reason));
  if (await wasUsed(prisma, check.claims.jti)) return refused(linkRefused("used"));
  return { ok: true, token, email: check.claims.email ?? null };
}
