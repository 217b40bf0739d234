// Server-side operator sessions (table operator_sessions). The cookie carries 32 random bytes; the
// database keeps only their SHA-256, so a copy of the database opens no session. A session is valid
// while it is not revoked, was seen within IDLE_TIMEOUT and is younger than ABSOLUTE_LIFETIME.
// Every function takes the clock, so tests move time instead of waiting.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client";

export const IDLE_TIMEOUT_SECONDS = 12 * 60 * 60;
export const ABSOLUTE_LIFETIME_SECONDS = 7 * 24 * 60 * 60;
/** "Last seen" is written at most this often per session (one write a minute, not one per request). */
export const TOUCH_INTERVAL_SECONDS = 60;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export type SessionOperator = { id: string; email: string; sessionId: string };

const sessionId = (token: string) => createHash("sha256").update(token).digest("hex");
const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

/** A new session for an operator; returns the cookie's token (never stored). Expired rows are swept. */
export async function createSession(prisma: Db, operatorId: string, now: Date = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await prisma.operatorSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await prisma.operatorSession.create({
    data: {
      id: sessionId(token),
      operatorId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: plus(now, ABSOLUTE_LIFETIME_SECONDS),
    },
  });
  return token;
}

/** The operator behind a session token, or null (unknown, revoked, idle too long, expired, account gone). */
export async function validateSession(
  prisma: Db,
  token: string | null | undefined,
  now: Date = new Date(),
): Promise<SessionOperator | null> {
  if (!token || !TOKEN.test(token)) return null;
  const id = sessionId(token);
  const session = await prisma.operatorSession.findUnique({ where: { id } });
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  if (plus(session.lastSeenAt, IDLE_TIMEOUT_SECONDS) <= now) return null;
  const operator = await prisma.operator.findUnique({ where: { id: session.operatorId } });
  if (!operator) return null;
  if (plus(session.lastSeenAt, TOUCH_INTERVAL_SECONDS) <= now)
    await prisma.operatorSession.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: now } });
  return { id: operator.id, email: operator.email, sessionId: id };
}

/** Ends one session (sign out). Unknown tokens are ignored. */
export async function revokeSession(prisma: Db, token: string | null | undefined, now: Date = new Date()) {
  if (!token || !TOKEN.test(token)) return;
  await prisma.operatorSession.updateMany({
    where: { id: sessionId(token), revokedAt: null },
    data: { revokedAt: now },
  });
}

/** Ends every session of one operator (sign out everywhere); returns how many were open. */
export async function revokeAllSessions(prisma: Db, operatorId: string, now: Date = new Date()): Promise<number> {
  const { count } = await prisma.operatorSession.updateMany({
    where: { operatorId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  return count;
}
