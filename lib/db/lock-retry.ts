// Waiting for SQLite's write lock without freezing the server. better-sqlite3 is synchronous: while
// a statement waits out its busy timeout, the whole event loop waits with it (every request, health
// checks included). So each attempt waits only SQLITE_LOCK_ATTEMPT_MS inside SQLite, and a write
// that met the lock is tried again after a short timer, until its budget (SQLITE_BUSY_TIMEOUT_MS)
// is spent; then the caller answers 503 + Retry-After and the vendor retries.
import type { Database } from "./client";
import { sqliteLockBudgetMs } from "../config";
import { adapterCause } from "./errors";

const FIRST_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 100;

/** The database stayed locked past the busy timeout (the adapter reports SQLITE_BUSY as a socket timeout). */
export function isLockTimeout(error: unknown): boolean {
  return adapterCause(error)?.kind === "SocketTimeout";
}

/** The pause before attempt `attempt + 1`: doubling from 5 ms to at most 100 ms, with jitter so waiters spread out. */
export function lockBackoffMs(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** When a write that starts now must give up waiting for the lock. */
export function lockDeadline(now = Date.now()): number {
  return now + sqliteLockBudgetMs();
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write` (one statement or one whole transaction, so it can run again from the start) and, on
 * SQLite, tries it again while the lock is held by someone else, until `deadline`; then rethrows.
 */
export async function retryWhileLocked<T>(
  db: Pick<Database, "provider">,
  write: () => Promise<T>,
  deadline = lockDeadline(),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (db.provider !== "sqlite" || !isLockTimeout(error)) throw error;
      const wait = lockBackoffMs(attempt);
      if (Date.now() + wait >= deadline) throw error;
      await pause(wait);
    }
  }
}
