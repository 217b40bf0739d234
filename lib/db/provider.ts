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

/** Pragmas every SQLite connection runs: WAL for concurrent readers, FULL sync so an acknowledged delivery survives a crash. */
export const SQLITE_PRAGMAS = { journal_mode: "wal", synchronous: 2 /* FULL */, busy_timeout: 5000, foreign_keys: 1 } as const;
