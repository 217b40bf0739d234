// The SQLite files hold customer emails and consent URLs: the directory the app creates for them is
// private (0700) and the database, its WAL and shared-memory files are readable by the owner only.
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase, database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("SQLite file permissions", () => {
  const root = mkdtempSync(join(tmpdir(), "dashboard-files-"));
  afterAll(async () => {
    await closeDatabase();
    rmSync(root, { recursive: true, force: true });
  });

  it("creates data/ as 0700 and the database, -wal and -shm files as 0600", async () => {
    const path = join(root, "data", "dashboard.db");
    await migrate(`file:${path}`);
    expect(mode(join(root, "data"))).toBe(0o700);
    expect(mode(path)).toBe(0o600);

    await closeDatabase();
    process.env.DATABASE_URL = `file:${path}`;
    const db = database();
    await db.ready;
    await db.prisma.$executeRaw`INSERT INTO "health_probe" ("id", "checked_at") VALUES (7, ${new Date()})`;
    expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual([0o600, 0o600, 0o600]);
  });

  it("tightens an existing world-readable database file to 0600", async () => {
    const path = join(root, "old.db");
    writeFileSync(path, "");
    chmodSync(path, 0o644);
    await migrate(`file:${path}`);
    expect(mode(path)).toBe(0o600);
  });
});
