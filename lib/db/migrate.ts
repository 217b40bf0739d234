// The project's migrator. The Prisma CLI cannot run migrations on these machines (its native schema
// engine cannot be downloaded), so the SQL in prisma/migrations/<provider>/<timestamp>_<name>/ is
// applied here, each migration in its own transaction, and recorded in `_prisma_migrations` exactly
// as Prisma records it (name, SHA-256 checksum of the file, timestamps, steps), so `prisma migrate
// status/deploy` agree on a machine that has the engine. On PostgreSQL an advisory lock makes
// instances that start at once wait for each other instead of racing.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { preparePrivateSqliteFile } from "./sqlite-file";
import { sqliteLockBudgetMs } from "../config";
import { providerOf, sqlitePath, sqlitePragmas, type Provider } from "./provider";

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { provider: Provider; applied: string[]; alreadyApplied: number };

const MIGRATIONS_DIR = join(process.cwd(), "prisma", "migrations");
/** Arbitrary constant shared by every instance: the PostgreSQL advisory lock key of the migrator. */
const ADVISORY_LOCK_KEY = 727_274_1;

const LEDGER_DDL: Record<Provider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`,
};

export function loadMigrations(provider: Provider, dir = MIGRATIONS_DIR): Migration[] {
  const root = join(dir, provider);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{14}_\w+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(root, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

type Ledger = { name: string; checksum: string; finished: boolean }[];

/** Which migrations still have to run; refuses to go on when history was edited or a migration failed half-way. */
export function pendingMigrations(migrations: Migration[], ledger: Ledger): Migration[] {
  const known = new Map(migrations.map((m) => [m.name, m]));
  for (const row of ledger) {
    if (!row.finished)
      throw new Error(
        `migration ${row.name} started but did not finish; inspect the database, then delete its row in _prisma_migrations`,
      );
    const migration = known.get(row.name);
    if (migration && migration.checksum !== row.checksum) {
      throw new Error(
        `migration ${row.name} was modified after it was applied (checksum differs); add a new migration instead`,
      );
    }
  }
  const done = new Set(ledger.map((row) => row.name));
  return migrations.filter((m) => !done.has(m.name));
}

function migrateSqlite(url: string, migrations: Migration[]): MigrateResult {
  const path = sqlitePath(url);
  preparePrivateSqliteFile(path);
  const pragmas = sqlitePragmas();
  // The migrator runs before serving, so it may wait for the lock in one blocking call.
  const db = new BetterSqlite3(path, { timeout: sqliteLockBudgetMs() });
  try {
    db.pragma(`journal_mode = ${pragmas.journal_mode}`);
    db.pragma(`synchronous = ${pragmas.synchronous}`);
    db.exec(LEDGER_DDL.sqlite);
    // BEGIN IMMEDIATE takes the write lock first, so two processes migrating at once serialise.
    const run = db.transaction(() => {
      const ledger = db
        .prepare(
          `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
        )
        .all() as { name: string; checksum: string; finished: number }[];
      const pending = pendingMigrations(
        migrations,
        ledger.map((r) => ({ ...r, finished: Boolean(r.finished) })),
      );
      const record = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
      );
      for (const m of pending) {
        const started = new Date().toISOString();
        db.exec(m.sql);
        record.run(randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
      }
      return { applied: pending.map((m) => m.name), alreadyApplied: ledger.length };
    });
    return { provider: "sqlite", ...run.immediate() };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    await client.query(LEDGER_DDL.postgresql);
    const { rows } = await client.query<{ name: string; checksum: string; finished: boolean }>(
      `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const pending = pendingMigrations(migrations, rows);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        const started = new Date();
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), m.checksum, m.name, started],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return { provider: "postgresql", applied: pending.map((m) => m.name), alreadyApplied: rows.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

export async function migrate(url: string): Promise<MigrateResult> {
  const provider = providerOf(url);
  const migrations = loadMigrations(provider);
  return provider === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}
