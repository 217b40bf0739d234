// Starts the worker (every 5 s) and the scheduler (every 30 s, while this instance holds the lease)
// with the server, and stops them cleanly: no new round starts, the running one finishes, the lease
// connection closes.
import { database, type Database } from "../db/client";
import { notifyConfig } from "../config";
import { customerLinkSecret } from "../customer-link";
import { subscribe } from "../live/bus";
import { log } from "../log";
import { inBackground } from "../server/foreground";
import { systemClock, type Clock } from "./clock";
import type { NotifySources } from "./conditions";
import { leaseFor, type Lease } from "./lease";
import { evaluate, EVALUATE_EVERY_MS } from "./scheduler";
import { defaultSources } from "./sources";
import { newOwnerId, runWorker } from "./worker";

export const WORKER_EVERY_MS = 5_000;

export type NotifyRuntime = { stop: () => Promise<void> };

export type RuntimeOptions = {
  db?: Database;
  clock?: Clock;
  sources?: NotifySources;
  lease?: Lease;
  workerEveryMs?: number;
  evaluateEveryMs?: number;
  /** Evaluate soon after each change notice (default on). */
  wakeOnChange?: boolean;
  /** How long after a change notice (WAKE_DELAY_MS). */
  wakeDelayMs?: number;
};

/** Wait after a change notice before evaluating, so a burst of deliveries is evaluated once. */
export const WAKE_DELAY_MS = 1_000;

/**
 * A woken round waits at least this many times the last round's duration: at 100,000 mailboxes a
 * scheduler round walks every open item (seconds), and with deliveries arriving all the time each
 * round woke the next one a second later, so the scheduler held most of a core. Now it evaluates at
 * most about a fifth of the time; a round of 20 ms still follows a change within WAKE_DELAY_MS.
 */
export const WAKE_AFTER_ROUNDS = 4;

type Loop = { stop: () => Promise<void>; wake: () => void };

/** Runs `round` every `everyMs` (never two at once); `wake()` brings the next round forward. */
function loop(name: string, everyMs: number, round: () => Promise<unknown>, wakeDelayMs = WAKE_DELAY_MS): Loop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let woken = false;
  let lastRoundMs = 0;
  const wakeDelay = () => Math.max(wakeDelayMs, WAKE_AFTER_ROUNDS * lastRoundMs);
  let dueAt = Infinity;
  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    dueAt = Date.now() + delay;
    timer = setTimeout(async () => {
      timer = null;
      dueAt = Infinity;
      woken = false;
      const started = performance.now();
      running = inBackground(round).catch((error: Error) =>
        log.error(`notifications ${name} round failed`, { reason: error.message }),
      );
      await running;
      running = null;
      lastRoundMs = performance.now() - started;
      if (!timer) schedule(woken ? Math.min(wakeDelay(), everyMs) : everyMs);
    }, delay);
    timer.unref();
  };
  schedule(everyMs);
  return {
    // Brings the next round forward, never back: a delivery every few hundred milliseconds must not
    // keep pushing a round that is already due sooner (it did, and no round ran under steady traffic).
    wake: () => {
      woken = true;
      const delay = Math.min(wakeDelay(), everyMs);
      if (!running && Date.now() + delay < dueAt) schedule(delay);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export function startNotifications(options: RuntimeOptions = {}): NotifyRuntime {
  const db = options.db ?? database();
  const clock = options.clock ?? systemClock;
  const lease = options.lease ?? leaseFor(db);
  const sources = options.sources ?? defaultSources(db);
  const owner = newOwnerId();
  const worker = loop("worker", options.workerEveryMs ?? WORKER_EVERY_MS, async () => {
    await db.ready;
    await runWorker({ db, config: notifyConfig, clock, owner });
  });
  const scheduler = loop(
    "scheduler",
    options.evaluateEveryMs ?? EVALUATE_EVERY_MS,
    async () => {
      await db.ready;
      if (!(await lease.hold())) return;
      const result = await evaluate({ db, config: notifyConfig, clock, sources, linkSecret: customerLinkSecret });
      if (result.written > 0) worker.wake();
    },
    options.wakeDelayMs,
  );
  // A committed change (a delivery, a refusal, an operator's action) is evaluated within about a
  // second instead of at the next 30 s round; on PostgreSQL every instance hears it, the lease
  // holder acts on it.
  const unsubscribe =
    options.wakeOnChange === false
      ? () => undefined
      : subscribe((notice) => notice.kind !== "resync" && scheduler.wake());
  return {
    stop: async () => {
      unsubscribe();
      await Promise.all([worker.stop(), scheduler.stop()]);
      await lease.release();
    },
  };
}

const started = globalThis as unknown as { __notifyRuntime?: NotifyRuntime };

/**
 * One runtime per server process (kept on globalThis: the server script and Next's bundle load
 * this module separately). Called by lib/cli/serve.ts, and by instrumentation.ts for `next dev`.
 */
export function startWithServer(): void {
  if (started.__notifyRuntime) return;
  try {
    notifyConfig();
  } catch (error) {
    log.error("notifications not started", { reason: (error as Error).message });
    return;
  }
  started.__notifyRuntime = startNotifications();
  log.info("notifications started");
}

/** The server is stopping: no new round starts, the running ones finish, the lease is released. */
export async function stopWithServer(): Promise<void> {
  const runtime = started.__notifyRuntime;
  started.__notifyRuntime = undefined;
  if (!runtime) return;
  await runtime.stop();
  log.info("notifications stopped");
}
