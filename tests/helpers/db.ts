// A fresh, migrated database per test file (or per test): a temporary SQLite file, or a PostgreSQL
// database with a random name created on the local server and dropped afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { closeDatabase, database, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import type { Provider } from "@/lib/db/provider";

export const POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

let postgresReachable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers (checked once per process). */
export function postgresAvailable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresReachable;
}

/** The providers integration suites run against: SQLite always, PostgreSQL when it answers (CI starts it). */
export async function providers(): Promise<Provider[]> {
  if (process.env.REQUIRE_POSTGRES === "1" && !(await postgresAvailable())) {
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}`);
  }
  return (await postgresAvailable()) ? ["sqlite", "postgresql"] : ["sqlite"];
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type TestDatabase = { url: string; provider: Provider; db: Database; drop: () => Promise<void> };

/** Creates and migrates a new database, makes it the process-wide one, and returns how to drop it. */
export async function freshDatabase(provider: Provider): Promise<TestDatabase> {
  await closeDatabase();
  let url: string;
  let cleanup: () => Promise<void>;
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "dashboard-test-"));
    url = `file:${join(dir, "test.db")}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `dashboard_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const admin = new URL(POSTGRES_ADMIN_URL);
    admin.pathname = `/${name}`;
    url = admin.toString();
    cleanup = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  await migrate(url);
  process.env.DATABASE_URL = url;
  const db = database();
  await db.ready;
  return {
    url,
    provider,
    db,
    drop: async () => {
      await closeDatabase();
      await cleanup();
    },
  };
}

/**
 * Runs bulk-load statements on a test database around the app's client (on PostgreSQL its statement
 * timeout is for requests, not for seeding millions of rows); `end` when done.
 */
export async function bulkLoader(t: TestDatabase) {
  const client = t.provider === "postgresql" ? new pg.Client({ connectionString: t.url }) : null;
  await client?.connect();
  return {
    run: async (sql: string, ...params: unknown[]) => {
      if (client) await client.query(sql, params);
      else await t.db.prisma.$executeRawUnsafe(sql, ...params);
    },
    end: async () => client?.end(),
  };
}
