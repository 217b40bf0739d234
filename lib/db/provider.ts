// Which database a DATABASE_URL names. SQLite (`file:…`) is the embedded default; PostgreSQL
// (`postgres://` / `postgresql://`) is the scale-out database.
export type Provider = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/dashboard.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}

/** The SQLite file path of a `file:` URL (query string ignored). */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

/**
 * How long a write may wait for the SQLite write lock in total (SQLITE_BUSY_TIMEOUT_MS, default 3 s)
 * before the delivery is answered 503 and retried by the vendor: well inside its 10 s. The server
 * waits asynchronously (lib/db/lock-retry.ts); the migrator, which serves nobody, waits in one call.
 */
export function sqliteLockBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const budget = Number(env.SQLITE_BUSY_TIMEOUT_MS ?? 3000);
  return Number.isFinite(budget) && budget >= 0 ? budget : 3000;
}

/**
 * How long one statement may wait for the lock inside better-sqlite3, which waits synchronously and
 * so blocks the event loop: kept short; lib/db/lock-retry.ts retries on a timer.
 */
export const SQLITE_LOCK_ATTEMPT_MS = 5;

/**
 * Pragmas every SQLite connection of the server runs: WAL so readers never block the writer, FULL
 * sync so an acknowledged delivery survives a crash, and a short busy timeout (see above).
 */
export function sqlitePragmas() {
  return { journal_mode: "wal", synchronous: 2 /* FULL */, busy_timeout: SQLITE_LOCK_ATTEMPT_MS };
}
