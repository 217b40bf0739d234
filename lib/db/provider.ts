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
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(":")[0]}:…"`);
}

/** The SQLite file path of a `file:` URL (query string ignored). */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

/**
 * Pragmas every SQLite connection runs: WAL so readers never block the writer, FULL sync so an
 * acknowledged delivery survives a crash, and a busy timeout well inside the vendor's 10 s (past it
 * the delivery is answered 503 and retried). SQLITE_BUSY_TIMEOUT_MS overrides the timeout.
 */
export function sqlitePragmas(env: NodeJS.ProcessEnv = process.env) {
  const busy = Number(env.SQLITE_BUSY_TIMEOUT_MS ?? 5000);
  return { journal_mode: "wal", synchronous: 2 /* FULL */, busy_timeout: Number.isFinite(busy) && busy >= 0 ? busy : 5000 };
}
