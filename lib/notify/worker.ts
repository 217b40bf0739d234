// The worker sends what the outbox holds. Per destination (a channel, and for email the recipient):
//   1. claim: in one transaction, pick a destination that may send now (its minute has passed and no
//      live worker holds it) and has due rows, lease it, and form the message: a retry keeps the
//      rows and id it had, otherwise every due row goes into one new message (a digest when there
//      are several). On PostgreSQL both selects use FOR UPDATE SKIP LOCKED, so two instances never
//      claim the same destination; SQLite has one instance and serialises transactions anyway.
//   2. send it, outside any transaction;
//   3. record: sent (the destination may send again in a minute), or the error and the next attempt
//      (exponential backoff with jitter), or failed once the 24 h retry window has passed.
// A worker that dies between 1 and 3 leaves a lease that expires; the message is then sent again
// with the same id, so a receiver that got it can tell (Standard Webhooks' webhook-id).
import { randomBytes } from "node:crypto";
import { Prisma } from "../generated/sqlite/client";
import type { Database } from "../db/client";
import type { NotifyConfig } from "../config";
import { log } from "../log";
import { deliver, type ChannelName, type Destination } from "./channels/index";
import { contentSchema, type OutgoingMessage } from "./message";
import { RETRY_WINDOW_MS, retryDelayMs } from "./outbox";
import { channelSecrets, scrub } from "./secrets";
import type { Clock } from "./clock";

/** At most one message per destination per minute; what arrives meanwhile goes into the next digest. */
export const RATE_LIMIT_MS = 60_000;
/** How long a claim holds a destination if its worker never reports back. */
export const LEASE_MS = 5 * 60_000;
/** The most notifications one digest carries. */
export const MAX_DIGEST = 100;

export type Send = (config: NotifyConfig, to: Destination, message: OutgoingMessage) => Promise<void>;

export type WorkerContext = {
  db: Database;
  config: () => NotifyConfig;
  clock: Clock;
  /** Identifies this instance in leases. */
  owner: string;
  send?: Send;
  random?: () => number;
};

type Row = {
  id: number;
  channel: string;
  recipient: string | null;
  content: string;
  message_id: string | null;
  created_at: Date;
  attempts: number;
};
type Claim = { destination: string; to: Destination; messageId: string; rows: Row[] };

export const newMessageId = () => `msg_${randomBytes(12).toString("base64url")}`;
export const newOwnerId = () => `worker_${randomBytes(6).toString("hex")}`;

const lockClause = (db: Database) => (db.provider === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty);
const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

async function claim(ctx: WorkerContext, now: Date): Promise<Claim | null> {
  const { db } = ctx;
  return db.prisma.$transaction(async (tx) => {
    const [destination] = await tx.$queryRaw<{ key: string }[]>`
      SELECT d."key" FROM "notification_destinations" d
      WHERE d."next_send_at" <= ${now} AND (d."lease_until" IS NULL OR d."lease_until" <= ${now})
        AND EXISTS (SELECT 1 FROM "notifications" n WHERE n."destination" = d."key" AND n."status" = 'pending' AND n."next_attempt_at" <= ${now})
      ORDER BY d."next_send_at", d."key" LIMIT 1 ${lockClause(db)}`;
    if (!destination) return null;
    const due = await tx.$queryRaw<Row[]>`
      SELECT "id", "channel", "recipient", "content", "message_id", "created_at", "attempts" FROM "notifications"
      WHERE "destination" = ${destination.key} AND "status" = 'pending' AND "next_attempt_at" <= ${now}
      ORDER BY "id" LIMIT ${MAX_DIGEST} ${lockClause(db)}`;
    if (due.length === 0) return null;
    // A message that failed before is retried as it was (same rows, same id); otherwise a new one.
    const retry = due.find((r) => r.message_id !== null);
    const rows = retry ? due.filter((r) => r.message_id === retry.message_id) : due;
    const messageId = retry?.message_id ?? newMessageId();
    await tx.$executeRaw`
      UPDATE "notification_destinations" SET "lease_owner" = ${ctx.owner}, "lease_until" = ${new Date(now.getTime() + LEASE_MS)}
      WHERE "key" = ${destination.key}`;
    await tx.$executeRaw`
      UPDATE "notifications" SET "message_id" = ${messageId}, "attempts" = "attempts" + 1, "last_attempt_at" = ${now}
      WHERE "id" IN (${Prisma.join(rows.map((r) => Number(r.id)))})`;
    const first = rows[0];
    return {
      destination: destination.key,
      to: { channel: first.channel as ChannelName, recipient: first.recipient },
      messageId,
      rows: rows.map((r) => ({
        ...r,
        id: Number(r.id),
        attempts: Number(r.attempts) + 1,
        created_at: asDate(r.created_at),
      })),
    };
  });
}

async function recordSent(ctx: WorkerContext, c: Claim, now: Date): Promise<void> {
  const { db } = ctx;
  await db.prisma.$transaction([
    db.prisma.$executeRaw`
      UPDATE "notifications" SET "status" = 'sent', "sent_at" = ${now}, "last_error" = NULL
      WHERE "id" IN (${Prisma.join(c.rows.map((r) => r.id))})`,
    db.prisma.$executeRaw`
      UPDATE "notification_destinations" SET "next_send_at" = ${new Date(now.getTime() + RATE_LIMIT_MS)}, "last_sent_at" = ${now},
        "lease_owner" = NULL, "lease_until" = NULL
      WHERE "key" = ${c.destination} AND "lease_owner" = ${ctx.owner}`,
  ]);
}

async function recordFailure(ctx: WorkerContext, c: Claim, now: Date, error: string): Promise<void> {
  const { db } = ctx;
  const random = ctx.random ?? Math.random;
  // One wait for the whole message, so its rows stay due together and it is retried whole.
  const next = new Date(now.getTime() + retryDelayMs(Math.max(...c.rows.map((r) => r.attempts)), random()));
  await db.prisma.$transaction([
    ...c.rows.map((r) => {
      const givesUp = now.getTime() - r.created_at.getTime() >= RETRY_WINDOW_MS;
      return givesUp
        ? db.prisma
            .$executeRaw`UPDATE "notifications" SET "status" = 'failed', "last_error" = ${error} WHERE "id" = ${r.id}`
        : db.prisma.$executeRaw`
            UPDATE "notifications" SET "last_error" = ${error}, "next_attempt_at" = ${next} WHERE "id" = ${r.id}`;
    }),
    db.prisma.$executeRaw`
      UPDATE "notification_destinations" SET "lease_owner" = NULL, "lease_until" = NULL
      WHERE "key" = ${c.destination} AND "lease_owner" = ${ctx.owner}`,
  ]);
}

function messageOf(c: Claim): OutgoingMessage {
  return { id: c.messageId, notifications: c.rows.map((r) => contentSchema.parse(JSON.parse(r.content))) };
}

export type TickResult = { sent: number; failed: number; messages: number };

/** Sends every message that is due at `clock()`; returns what it did. */
export async function runWorker(ctx: WorkerContext, maxMessages = 50): Promise<TickResult> {
  const result: TickResult = { sent: 0, failed: 0, messages: 0 };
  const send = ctx.send ?? deliver;
  for (let i = 0; i < maxMessages; i++) {
    const now = ctx.clock();
    const c = await claim(ctx, now);
    if (!c) break;
    result.messages += 1;
    const config = ctx.config();
    try {
      await send(config, c.to, messageOf(c));
      await recordSent(ctx, c, ctx.clock());
      result.sent += c.rows.length;
    } catch (error) {
      const reason = scrub((error as Error).message || "send failed", channelSecrets(config)).slice(0, 500);
      await recordFailure(ctx, c, ctx.clock(), reason);
      result.failed += c.rows.length;
      log.warn("notification not sent", {
        messageId: c.messageId,
        channel: c.to.channel,
        attempts: c.rows[0].attempts,
        reason,
      });
    }
  }
  return result;
}
