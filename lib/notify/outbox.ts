// The outbox: notifications are rows first, messages later. `enqueueStatements` returns the
// statements that write them, so a caller can put them in the transaction of the change that causes
// them; a notification whose dedupe key exists already is not written again.
import { Prisma } from "../generated/sqlite/client";
import type { Database } from "../db/client";
import { destinationKey, type Destination } from "./channels/index";
import type { NotificationContent, NotificationKind } from "./message";

export type NewNotification = {
  /** One notification per key, ever: destination + item + episode + event. */
  dedupeKey: string;
  to: Destination;
  kind: NotificationKind;
  itemId: string | null;
  workspaceId: string | null;
  content: NotificationContent;
  /** When it may go first (reminders are written ahead of time); default now. */
  dueAt?: Date;
};

const EPOCH = new Date(0);

const CHUNK = 200;
const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Statements that write `notifications` (and their destinations' rows) if they are new: multi-row
 * inserts, so a transaction that writes many stays short. The last ones are the notification inserts
 * (their results add up to how many were new).
 */
export function enqueueStatements(
  db: Database,
  notifications: NewNotification[],
  now: Date,
): Prisma.PrismaPromise<number>[] {
  if (notifications.length === 0) return [];
  const destinations = [...new Set(notifications.map((n) => destinationKey(n.to)))].sort();
  return [
    db.prisma.$executeRaw`
      INSERT INTO "notification_destinations" ("key", "next_send_at")
      VALUES ${Prisma.join(destinations.map((key) => Prisma.sql`(${key}, ${EPOCH})`))}
      ON CONFLICT ("key") DO NOTHING`,
    ...chunks([...notifications].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : 1))).map(
      (part) => db.prisma.$executeRaw`
        INSERT INTO "notifications" ("dedupe_key", "channel", "recipient", "destination", "kind", "item_id", "workspace_id",
          "content", "status", "attempts", "created_at", "next_attempt_at")
        VALUES ${Prisma.join(
          part.map(
            (
              n,
            ) => Prisma.sql`(${n.dedupeKey}, ${n.to.channel}, ${n.to.recipient}, ${destinationKey(n.to)}, ${n.kind}, ${n.itemId},
              ${n.workspaceId}, ${JSON.stringify(n.content)}, 'pending', 0, ${now}, ${n.dueAt ?? now})`,
          ),
        )}
        ON CONFLICT ("dedupe_key") DO NOTHING`,
    ),
  ];
}

/** How many of `enqueueStatements`' notifications were new, from the transaction's results. */
export function countWritten(notifications: NewNotification[], results: unknown[]): number {
  const inserts = Math.ceil(notifications.length / CHUNK);
  return inserts === 0 ? 0 : results.slice(-inserts).reduce((sum: number, n) => sum + Number(n), 0);
}

/** Writes `notifications` in one transaction; returns how many were new. */
export async function enqueue(db: Database, notifications: NewNotification[], now: Date): Promise<number> {
  if (notifications.length === 0) return 0;
  return countWritten(notifications, await db.prisma.$transaction(enqueueStatements(db, notifications, now)));
}

// ── Retry policy ────────────────────────────────────────────────────────────────────────────────

/** Retries go on for this long after a notification was written; then it is marked failed. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60 * 1000;

/**
 * The wait after the `attempts`-th failed attempt: 30 s doubling up to 1 h, with "equal jitter"
 * (half fixed, half random) so instances that failed together do not retry together.
 */
export function retryDelayMs(attempts: number, random: number = Math.random()): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** The longest `retryDelayMs` can be for `attempts` (tests advance the clock by this much). */
export const maxRetryDelayMs = (attempts: number) => retryDelayMs(attempts, 1);
