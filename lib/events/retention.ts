// Retention, in the background: payloads of events received more than EVENT_PAYLOAD_RETENTION_DAYS
// ago are dropped (the event row stays, so timelines, counts and dedupe still hold; the payload
// becomes "" with payload_dropped_at set, and leaves the search index); refusals and their hourly
// counters older than REFUSED_RETENTION_DAYS are deleted; quarantined bodies past their 7 days
// (sealed_until) are erased; Inkbox mail (mail_activity rows, the payloads of Inkbox events and the
// hourly mail_rollups) older than MAIL_ACTIVITY_RETENTION_DAYS is deleted: Inkbox event rows go
// whole, so mail volume cannot grow the database without bound; counts of identical storage
// failures (storage_failures) go 7 days after their last failure. Every step works in small batches (BATCH rows, one short statement
// each) with a pause between them, so a delivery never waits behind retention for long.
import { config } from "../config";
import { database, type Database } from "../db/client";
import { retryWhileLocked } from "../db/lock-retry";
import { log } from "../log";
import { breathe, inBackground } from "../server/foreground";
import { STORAGE_FAILURE_DAYS } from "../webhooks/unstorable";

export const RETENTION_BATCH = 500;
const DAY_MS = 24 * 3600_000;
/** The widest window a mailbox's kept mail health counts (7 days of whole hours), with an hour to spare. */
const WINDOW_MS = (7 * 24 + 1) * 3600_000;
/** First round soon after start, then hourly. */
export const RETENTION_FIRST_MS = 60_000;
export const RETENTION_EVERY_MS = 3600_000;

export type RetentionOptions = {
  db: Database;
  now: Date;
  payloadDays: number;
  refusedDays: number;
  /** MAIL_ACTIVITY_RETENTION_DAYS (the server always passes it; without it, mail is not pruned on its own). */
  mailDays?: number;
  batch?: number;
  /** Between batches (default: yield to the event loop for 10 ms). */
  pause?: () => Promise<void>;
};

export type RetentionResult = {
  payloadsDropped: number;
  refusalsDeleted: number;
  quarantineExpired: number;
  countersDeleted: number;
  storageFailuresDeleted: number;
  mailEventsDeleted: number;
  mailDeleted: number;
  rollupsDeleted: number;
  batches: number;
};

/** 10 ms, then (run in the background by the server) until no request is in flight, for at most 100 ms. */
const defaultPause = () => new Promise<void>((resolve) => setTimeout(resolve, 10)).then(breathe);

/** Runs `step` (one batch; returns the rows it touched) until a batch comes back short. */
async function inBatches(
  db: Database,
  batch: number,
  pause: () => Promise<void>,
  result: RetentionResult,
  step: () => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const touched = await retryWhileLocked(db, step);
    total += touched;
    result.batches += 1;
    if (touched < batch) return total;
    await pause();
  }
}

const idsOf = (rows: { id: number }[]) => rows.map((r) => r.id);

export async function retentionRound(options: RetentionOptions): Promise<RetentionResult> {
  const { db, now } = options;
  const batch = options.batch ?? RETENTION_BATCH;
  const pause = options.pause ?? defaultPause;
  const payloadBefore = new Date(now.getTime() - options.payloadDays * DAY_MS);
  const refusedBefore = new Date(now.getTime() - options.refusedDays * DAY_MS);
  const mailBefore = options.mailDays === undefined ? null : new Date(now.getTime() - options.mailDays * DAY_MS);
  const result: RetentionResult = {
    payloadsDropped: 0,
    refusalsDeleted: 0,
    quarantineExpired: 0,
    countersDeleted: 0,
    storageFailuresDeleted: 0,
    mailEventsDeleted: 0,
    mailDeleted: 0,
    rollupsDeleted: 0,
    batches: 0,
  };
  const p = db.prisma;

  result.payloadsDropped = await inBatches(db, batch, pause, result, async () => {
    const ids = idsOf(
      await p.webhookEvent.findMany({
        where: { receivedAt: { lt: payloadBefore }, payloadDroppedAt: null },
        select: { id: true },
        orderBy: { id: "asc" },
        take: batch,
      }),
    );
    if (ids.length === 0) return 0;
    await p.webhookEvent.updateMany({ where: { id: { in: ids } }, data: { payload: "", payloadDroppedAt: now } });
    return ids.length;
  });
  // Inkbox mail: event rows, raw mail rows and hourly rollups past MAIL_ACTIVITY_RETENTION_DAYS.
  if (mailBefore) {
    // An Inkbox event row goes whole (its counts live on in mail_rollups): mail is the volume.
    result.mailEventsDeleted = await inBatches(db, batch, pause, result, async () => {
      const ids = idsOf(
        await p.webhookEvent.findMany({
          where: { vendor: "inkbox", receivedAt: { lt: mailBefore } },
          select: { id: true },
          orderBy: { id: "asc" },
          take: batch,
        }),
      );
      if (ids.length === 0) return 0;
      return (await p.webhookEvent.deleteMany({ where: { id: { in: ids } } })).count;
    });
    result.mailDeleted = await inBatches(db, batch, pause, result, async () => {
      const ids = idsOf(
        await p.mailActivity.findMany({
          where: { receivedAt: { lt: mailBefore } },
          select: { id: true },
          orderBy: { id: "asc" },
          take: batch,
        }),
      );
      if (ids.length === 0) return 0;
      return (await p.mailActivity.deleteMany({ where: { id: { in: ids } } })).count;
    });
    // The batch's oldest rows in key order, deleted up to the last one's key: 3 parameters, where an
    // OR of 500 (mailbox, hour) keys needed 1,000 and SQLite refused it past 999.
    result.rollupsDeleted = await inBatches(db, batch, pause, result, async () => {
      const keys = await p.mailRollup.findMany({
        where: { hour: { lt: mailBefore } },
        select: { mailboxEmail: true, hour: true },
        orderBy: [{ hour: "asc" }, { mailboxEmail: "asc" }],
        take: batch,
      });
      const last = keys.at(-1);
      if (!last) return 0;
      const upToLast = {
        OR: [{ hour: { lt: last.hour } }, { hour: last.hour, mailboxEmail: { lte: last.mailboxEmail } }],
      };
      // A retention shorter than the 7-day window deletes mail that mailboxes' kept mail-health keys
      // and trouble verdicts still count (lib/queries/mail-refresh.ts): those are computed again, and
      // the bumped sequence stops a computation that read the rollups before this delete from writing.
      const counted = new Date(now.getTime() - WINDOW_MS);
      const stale = [...new Set(keys.filter((k) => k.hour >= counted).map((k) => k.mailboxEmail))];
      if (stale.length === 0) return (await p.mailRollup.deleteMany({ where: upToLast })).count;
      const [deleted] = await p.$transaction([
        p.mailRollup.deleteMany({ where: upToLast }),
        p.mailbox.updateMany({
          where: { email: { in: stale } },
          data: { mailHealthUntil: null, mailVerdictUntil: null, mailSeq: { increment: 1 } },
        }),
      ]);
      return deleted.count;
    });
  }

  result.quarantineExpired = await inBatches(db, batch, pause, result, async () => {
    const ids = idsOf(
      await p.rejectedDelivery.findMany({
        where: { sealedUntil: { lte: now }, sealed: { not: null } },
        select: { id: true },
        take: batch,
      }),
    );
    if (ids.length === 0) return 0;
    await p.rejectedDelivery.updateMany({ where: { id: { in: ids } }, data: { sealed: null } });
    return ids.length;
  });

  result.refusalsDeleted = await inBatches(db, batch, pause, result, async () => {
    const ids = idsOf(
      await p.rejectedDelivery.findMany({
        where: { receivedAt: { lt: refusedBefore } },
        select: { id: true },
        orderBy: { id: "asc" },
        take: batch,
      }),
    );
    if (ids.length === 0) return 0;
    return (await p.rejectedDelivery.deleteMany({ where: { id: { in: ids } } })).count;
  });

  result.countersDeleted = await inBatches(db, batch, pause, result, async () => {
    const ids = idsOf(
      await p.refusalCounter.findMany({ where: { hour: { lt: refusedBefore } }, select: { id: true }, take: batch }),
    );
    if (ids.length === 0) return 0;
    return (await p.refusalCounter.deleteMany({ where: { id: { in: ids } } })).count;
  });

  const failuresBefore = new Date(now.getTime() - STORAGE_FAILURE_DAYS * DAY_MS);
  result.storageFailuresDeleted = await inBatches(db, batch, pause, result, async () => {
    const keys = await p.storageFailure.findMany({
      where: { lastAt: { lt: failuresBefore } },
      select: { vendor: true, bodySha256: true },
      take: batch,
    });
    if (keys.length === 0) return 0;
    return (await p.storageFailure.deleteMany({ where: { OR: keys } })).count;
  });
  return result;
}

// ── With the server ──────────────────────────────────────────────────────────────────────────────
type Runtime = { stop: () => Promise<void> };
const started = globalThis as unknown as { __retentionRuntime?: Runtime };

export function startRetention(
  options: { db?: Database; clock?: () => Date; firstMs?: number; everyMs?: number } = {},
): Runtime {
  const {
    EVENT_PAYLOAD_RETENTION_DAYS: payloadDays,
    REFUSED_RETENTION_DAYS: refusedDays,
    MAIL_ACTIVITY_RETENTION_DAYS: mailDays,
  } = config();
  const clock = options.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(async () => {
      const db = options.db ?? database();
      running = db.ready
        .then(() => inBackground(() => retentionRound({ db, now: clock(), payloadDays, refusedDays, mailDays })))
        .then((r) => {
          if (Object.entries(r).some(([k, v]) => k !== "batches" && v > 0)) log.info("retention round", { ...r });
        })
        .catch((error: Error) => log.error("retention round failed", { reason: error.message }));
      await running;
      running = null;
      schedule(options.everyMs ?? RETENTION_EVERY_MS);
    }, delay);
    timer.unref();
  };
  schedule(options.firstMs ?? RETENTION_FIRST_MS);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** One runtime per server process (lib/cli/serve.ts, instrumentation.ts), as the notification runtime. */
export function startRetentionWithServer(): void {
  if (started.__retentionRuntime) return;
  try {
    started.__retentionRuntime = startRetention();
  } catch (error) {
    log.error("retention not started", { reason: (error as Error).message });
    return;
  }
  log.info("retention started");
}

export async function stopRetentionWithServer(): Promise<void> {
  const runtime = started.__retentionRuntime;
  started.__retentionRuntime = undefined;
  await runtime?.stop();
}
