// Another process holding the SQLite write lock must not freeze the server: a write waits for the
// lock asynchronously (short busy timeout, retried within SQLITE_BUSY_TIMEOUT_MS), so other requests
// are served meanwhile, and the delivery is stored once the lock is released.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { GET as health } from "@/app/api/health/route";
import { sqlitePath } from "@/lib/db/provider";
import { mailboxEvent, signedRequest, useInboxKitDatabase } from "../helpers/inboxkit";

// The budget is far longer than the lock is held here: nothing may give up while the test waits.
process.env.SQLITE_BUSY_TIMEOUT_MS = "20000";
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(["1", "0"])("a held SQLite write lock (SQLITE_GROUP_COMMIT=%s)", (groupCommit) => {
  const t = useInboxKitDatabase("sqlite");
  afterEach(() => {
    delete process.env.SQLITE_GROUP_COMMIT;
  });
  afterAll(() => {
    delete process.env.SQLITE_BUSY_TIMEOUT_MS;
  });

  /** Holds the write lock from a second connection (as another process would) while `body` runs. */
  async function whileLocked<T>(body: (release: () => void) => Promise<T>): Promise<T> {
    const blocker = new BetterSqlite3(sqlitePath(t.url));
    blocker.prepare("BEGIN IMMEDIATE").run();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      blocker.prepare("ROLLBACK").run();
      blocker.close();
    };
    try {
      return await body(release);
    } finally {
      release();
    }
  }

  it("serves /api/health while a delivery waits, then stores the delivery once the lock is gone", async () => {
    process.env.SQLITE_GROUP_COMMIT = groupCommit;
    const uid = `mb-lock-${groupCommit}`;
    const response = await whileLocked(async (release) => {
      let settled = false;
      const pending = POST(signedRequest(mailboxEvent(uid, "active", "2024-05-01T00:00:00.000Z"))).finally(() => {
        settled = true;
      });
      await pause(150); // the delivery has met the lock by now
      const live = await health();
      expect(live.status).toBe(200);
      expect(settled).toBe(false);
      release();
      return pending;
    });
    expect(response.status).toBe(200);
    expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: uid } })).toBe(1);
  });

  it("records a refused delivery once the lock is gone instead of dropping the record", async () => {
    process.env.SQLITE_GROUP_COMMIT = groupCommit;
    const before = await t.db.prisma.rejectedDelivery.count();
    const response = await whileLocked(async (release) => {
      let settled = false;
      const pending = POST(
        signedRequest(mailboxEvent("mb-unsigned", "active", "2024-05-01T00:00:00.000Z"), {
          headers: { "x-inboxkit-signature": null },
        }),
      ).finally(() => {
        settled = true;
      });
      await pause(150);
      expect(settled).toBe(false);
      release();
      return pending;
    });
    expect(response.status).toBe(401);
    expect(await t.db.prisma.rejectedDelivery.count()).toBe(before + 1);
  });
});
