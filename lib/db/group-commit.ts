// Group commit for SQLite: deliveries that arrive together share one transaction, so one fsync
// (synchronous=FULL) and one BEGIN/COMMIT cover several requests. SQLite has one writer anyway, so
// nothing is lost in parallelism. Each caller still waits for the commit that holds its own
// statements before it answers 2xx. Statements run in arrival order, so duplicates and reordered
// deliveries in one batch behave exactly as they would one transaction after another. If a batch
// fails, its members are retried one transaction each, so one bad delivery fails only itself.
import type { Prisma } from "../generated/sqlite/client";
import type { Database } from "./client";

/** Upper bound on deliveries per transaction (keeps one commit's latency bounded). */
export const MAX_BATCH = 64;

type Statements = Prisma.PrismaPromise<unknown>[];
type Pending = { statements: Statements; resolve: (results: unknown[]) => void; reject: (error: unknown) => void };
type Queue = { pending: Pending[]; scheduled: boolean };

const queues = new WeakMap<Database, Queue>();

/** The database stayed locked past its busy timeout (the adapter reports SQLITE_BUSY as a socket timeout). */
export function isLockTimeout(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta?.driverAdapterError?.cause;
  return cause?.kind === "SocketTimeout";
}

async function runBatch(db: Database, batch: Pending[]): Promise<void> {
  try {
    const results = await db.prisma.$transaction(batch.flatMap((p) => p.statements));
    let offset = 0;
    for (const p of batch) p.resolve(results.slice(offset, (offset += p.statements.length)));
  } catch (error) {
    // Waiting for the lock again, one member after another, would answer past the vendor's 10 s:
    // the whole batch answers 503 at once and the vendor retries each delivery.
    if (batch.length === 1 || isLockTimeout(error)) return batch.forEach((p) => p.reject(error));
    // Batch statements are re-issued by each new $transaction, so they can run again on their own.
    for (const p of batch) await db.prisma.$transaction(p.statements).then(p.resolve, p.reject);
  }
}

function schedule(db: Database, queue: Queue): void {
  if (queue.scheduled) return;
  queue.scheduled = true;
  // setImmediate lets every request whose body arrived in this turn of the event loop join the batch.
  setImmediate(async () => {
    while (queue.pending.length) await runBatch(db, queue.pending.splice(0, MAX_BATCH));
    queue.scheduled = false;
  });
}

/** Runs `statements` in a transaction shared with concurrent callers; resolves with their own results after commit. */
export function commitGrouped(db: Database, statements: Statements): Promise<unknown[]> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { pending: [], scheduled: false }));
  const q = queue;
  return new Promise((resolve, reject) => {
    q.pending.push({ statements, resolve, reject });
    schedule(db, q);
  });
}
