import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMigrations, migrate, pendingMigrations } from "@/lib/db/migrate";
import { readSqlitePragmas } from "@/lib/db/client";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

describe("pending migrations", () => {
  const migrations = [
    { name: "20260101000000_a", sql: "", checksum: "aaa" },
    { name: "20260102000000_b", sql: "", checksum: "bbb" },
  ];
  it("lists the ones not in the ledger, in order", () => {
    expect(
      pendingMigrations(migrations, [{ name: "20260101000000_a", checksum: "aaa", finished: true }]).map((m) => m.name),
    ).toEqual(["20260102000000_b"]);
  });
  it("refuses when an applied migration was edited afterwards", () => {
    expect(() =>
      pendingMigrations(migrations, [{ name: "20260101000000_a", checksum: "changed", finished: true }]),
    ).toThrow(/modified after it was applied/);
  });
  it("refuses when a migration started but never finished", () => {
    expect(() =>
      pendingMigrations(migrations, [{ name: "20260101000000_a", checksum: "aaa", finished: false }]),
    ).toThrow(/did not finish/);
  });
});

describe.each(await providers())("migrator on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());

  it("records every migration as Prisma does, and a second run applies nothing", async () => {
    const files = loadMigrations(provider);
    const rows = await t.db.prisma.$queryRawUnsafe<
      { migration_name: string; checksum: string; finished_at: unknown; applied_steps_count: unknown }[]
    >(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null && Number(r.applied_steps_count) === 1)).toBe(true);
    expect(await migrate(t.url)).toEqual({ provider, applied: [], alreadyApplied: files.length });
  });

  if (provider === "sqlite") {
    it("runs SQLite with WAL, FULL sync and a busy timeout, read back from the connection", async () => {
      expect(await readSqlitePragmas(t.db.prisma)).toEqual({
        journal_mode: "wal",
        synchronous: "2",
        busy_timeout: "5",
      });
    });
  }
});
