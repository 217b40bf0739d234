// Whether the database accepts writes, as this process last saw it: every ingest and every refusal
// record notes its outcome here, and readiness (/api/health/ready) reports it. When nothing is known
// or the last write failed, a one-row probe write finds out (at most once per interval), so an
// instance taken out of rotation because writes failed sees by itself when they work again.
import type { Database } from "./client";
import { repeatableFailure } from "./errors";

export type WriteOutcome = { ok: boolean; at: number };

const holder = globalThis as unknown as { __lastWrite?: WriteOutcome; __writeProbe?: Promise<WriteOutcome> };

export function noteWrite(ok: boolean, at = Date.now()): void {
  holder.__lastWrite = { ok, at };
}

export function lastWrite(): WriteOutcome | undefined {
  return holder.__lastWrite;
}

/**
 * Awaits `write` and notes whether the database accepts writes: it does when the write succeeded, and
 * when it refused this one write's data (a constraint, a value out of range: lib/db/errors.ts), which
 * says nothing about the next one.
 */
export async function noted<T>(write: Promise<T>): Promise<T> {
  try {
    const result = await write;
    noteWrite(true);
    return result;
  } catch (error) {
    noteWrite(repeatableFailure(error) !== null);
    throw error;
  }
}

/** One small committed write (one attempt: a held lock counts as "not accepting writes now"). */
function probe(db: Database): Promise<WriteOutcome> {
  const now = new Date();
  return noted(db.prisma.$executeRaw`
    INSERT INTO "health_probe" ("id", "checked_at") VALUES (1, ${now})
    ON CONFLICT ("id") DO UPDATE SET "checked_at" = excluded."checked_at"`).then(
    () => lastWrite()!,
    () => lastWrite()!,
  );
}

/**
 * The last write outcome; probed first when it is unknown, or a failure older than `probeIntervalMs`.
 * Concurrent callers share one probe.
 */
export async function writeOutcome(db: Database, probeIntervalMs: number): Promise<WriteOutcome> {
  const last = lastWrite();
  if (last && (last.ok || Date.now() - last.at < probeIntervalMs)) return last;
  holder.__writeProbe ??= probe(db).finally(() => {
    holder.__writeProbe = undefined;
  });
  return holder.__writeProbe;
}
