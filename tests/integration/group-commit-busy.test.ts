// SQLite locked by another writer past the busy timeout: a batch of concurrent deliveries answers
// 503 together (no member waits for the lock again on its own), and the vendor's retries then apply.
import { afterAll, describe, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { isLockTimeout } from "@/lib/db/group-commit";
import { sqlitePath } from "@/lib/db/provider";
import { mailboxEvent, signedRequest, useInboxKitDatabase } from "../helpers/inboxkit";

process.env.SQLITE_BUSY_TIMEOUT_MS = "100";

describe("group commit under a held SQLite lock", () => {
  const t = useInboxKitDatabase("sqlite");
  afterAll(() => {
    delete process.env.SQLITE_BUSY_TIMEOUT_MS;
  });

  it("recognises a lock timeout, and only that, from Prisma's error", async () => {
    const blocker = new BetterSqlite3(sqlitePath(t.url));
    blocker.prepare("BEGIN IMMEDIATE").run();
    const busy = await t.db.prisma.$executeRaw`DELETE FROM "domains"`.catch((e: unknown) => e);
    blocker.prepare("ROLLBACK").run();
    blocker.close();
    expect(isLockTimeout(busy)).toBe(true);
    const other = await t.db.prisma.$executeRaw`INSERT INTO "no_such_table" VALUES (1)`.catch((e: unknown) => e);
    expect(isLockTimeout(other)).toBe(false);
  });

  it("answers a whole batch 503 while locked; the retries then apply every delivery once", async () => {
    const bodies = Array.from({ length: 6 }, (_, i) =>
      mailboxEvent(`mb-locked-${i}`, "active", "2024-05-01T00:00:00.000Z"),
    );
    const blocker = new BetterSqlite3(sqlitePath(t.url));
    blocker.prepare("BEGIN IMMEDIATE").run();
    try {
      const locked = await Promise.all(bodies.map((b) => POST(signedRequest(b))));
      expect(locked.map((r) => r.status)).toEqual(bodies.map(() => 503));
      expect(locked.every((r) => r.headers.get("retry-after") === "5")).toBe(true);
    } finally {
      blocker.prepare("ROLLBACK").run();
      blocker.close();
    }
    const retried = await Promise.all(bodies.map((b) => POST(signedRequest(b))));
    expect(retried.map((r) => r.status)).toEqual(bodies.map(() => 200));
    expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: { startsWith: "mb-locked-" } } })).toBe(6);
  });
});
