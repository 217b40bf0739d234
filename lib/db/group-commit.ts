// Group commit: deliveries that arrive together share one transaction, so one BEGIN/COMMIT (and on
// SQLite one fsync, synchronous=FULL) cover several requests. SQLite has one writer anyway, so nothing
// is lost in parallelism; on PostgreSQL each instance runs one batch at a time, which saves the round
// trips and the commit of every delivery (the per-delivery CPU the bench measures), and each member's
// pg_notify runs inside the batch, so a notice is heard only once its delivery committed. Each caller still waits for the commit that holds its own
// statements before it answers 2xx. Statements run in arrival order, so duplicates and reordered
// deliveries in one batch behave exactly as they would one transaction after another. If a batch
// fails, its members are retried one transaction each, so one bad delivery fails only itself (and a
// deadlock or serialization failure between two instances' batches is retried member by member).
// While another process holds SQLite's write lock, the batch is tried again on a timer (lib/db/lock-retry.ts),
// deliveries that arrive meanwhile join it, and each member gives up (503) when its own budget is spent.
import type { Database } from "./client";
import { transaction, type Statement } from "./statement";
import { isLockTimeout, lockBackoffMs, lockDeadline, pause } from "./lock-retry";

export { isLockTimeout };

/** Upper bound on deliveries per transaction (keeps one commit's latency bounded). */
export const MAX_BATCH = 64;

type Statements = Statement[];
type Pending = {
  statements: Statements;
  deadline: number;
  resolve: (results: unknown[]) => void;
  reject: (error: unknown) => void;
};
type Queue = { pending: Pending[]; scheduled: boolean };

const queues = new WeakMap<Database, Queue>();

/** Commits `batch` in one transaction; while locked, retries it (topped up from `queue` when given). */
async function runBatch(db: Database, batch: Pending[], queue?: Queue): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const results = await transaction(
        db,
        batch.flatMap((p) => p.statements),
      );
      let offset = 0;
      for (const p of batch) p.resolve(results.slice(offset, (offset += p.statements.length)));
      return;
    } catch (error) {
      if (db.provider !== "sqlite" || !isLockTimeout(error)) {
        if (batch.length === 1) return batch[0].reject(error);
        // A batch's statements are issued again by each new transaction, so they can run again on their own.
        for (const p of batch) await runBatch(db, [p]);
        return;
      }
      const wait = lockBackoffMs(attempt);
      const giveUp = Date.now() + wait;
      for (const p of batch) if (p.deadline <= giveUp) p.reject(error);
      batch = batch.filter((p) => p.deadline > giveUp);
      if (batch.length === 0) return;
      await pause(wait);
      if (queue) batch.push(...queue.pending.splice(0, MAX_BATCH - batch.length));
    }
  }
}

function schedule(db: Database, queue: Queue): void {
  if (queue.scheduled) return;
  queue.scheduled = true;
  // setImmediate lets every request whose body arrived in this turn of the event loop join the batch.
  setImmediate(async () => {
    while (queue.pending.length) await runBatch(db, queue.pending.splice(0, MAX_BATCH), queue);
    queue.scheduled = false;
  });
}

/** Runs `statements` in a transaction shared with concurrent callers; resolves with their own results after commit. */
export function commitGrouped(db: Database, statements: Statements): Promise<unknown[]> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { pending: [], scheduled: false }));
  const q = queue;
  return new Promise((resolve, reject) => {
    q.pending.push({ statements, deadline: lockDeadline(), resolve, reject });
    schedule(db, q);
  });
}
