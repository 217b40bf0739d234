// Which database a DATABASE_URL names. SQLite (`file:…`) is the embedded default; PostgreSQL
// (`postgres://` / `postgresql://`) is the scale-out database.
export type Provider = "sqlite" | "postgresql";

// DATABASE_URL itself is read in lib/config.ts (databaseUrl).

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
