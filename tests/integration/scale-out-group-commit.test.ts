// Group commit on SQLite and PostgreSQL (lib/db/group-commit.ts): concurrent deliveries share
// transactions (fewer commits than deliveries), each is answered only once its own commit is durable
// and visible to another connection (on PostgreSQL each delivery's change notice is heard too), and
// one failing delivery in a batch fails only itself.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { openDatabase } from "@/lib/db/client";
import { repeatableFailure } from "@/lib/db/errors";
import { commitGrouped } from "@/lib/db/group-commit";
import { execute, query } from "@/lib/db/statement";
import { Prisma } from "@/lib/generated/sqlite/client";
import { NOTIFY_CHANNEL } from "@/lib/live/notice";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";

describe.each(await providers())("group commit on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());

  it("40 concurrent deliveries share transactions, and each answer comes after a commit another connection can see", async () => {
    // Transactions begun on the driver adapter (lib/db/statement.ts runs them there, not through Prisma).
    await t.db.prisma.$queryRaw`SELECT 1`; // Prisma connects the adapter on its first query
    const spy = vi.spyOn(t.db.adapterConnection!()!, "startTransaction");
    const other = openDatabase(t.url);
    // On PostgreSQL every delivery's pg_notify runs inside the shared transaction and is heard on commit.
    const notices: string[] = [];
    const listener = provider === "postgresql" ? new pg.Client({ connectionString: t.url }) : null;
    if (listener) {
      await listener.connect();
      listener.on("notification", (n) => notices.push(n.payload ?? ""));
      await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
    }
    try {
      const seen = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const uid = `mb-group-${i}`;
          const response = await POST(
            signedRequest(mailboxEvent(uid, "active", `2024-06-01T10:00:${String(i).padStart(2, "0")}.000Z`)),
          );
          expect(response.status).toBe(200);
          // Answered 200: the row must already be committed (read on a different connection).
          return other.prisma.webhookEvent.count({ where: { entityUid: uid } });
        }),
      );
      expect(seen).toEqual(Array(40).fill(1));
      expect(spy.mock.calls.length).toBeGreaterThan(0);
      expect(spy.mock.calls.length).toBeLessThan(40);
      if (listener) {
        await expect.poll(() => notices.length).toBe(40);
        for (let i = 0; i < 40; i++) expect(notices.some((n) => n.includes(`mb-group-${i}"`))).toBe(true);
      }
    } finally {
      spy.mockRestore();
      await listener?.end();
      await other.prisma.$disconnect();
    }
  });

  it("a duplicate and a newer event in the same batch behave as one transaction after another", async () => {
    const older = mailboxEvent("mb-batch", "processing", "2024-06-02T10:00:00.000Z");
    const newer = mailboxEvent("mb-batch", "active", "2024-06-02T11:00:00.000Z");
    const answers = await Promise.all(
      [older, newer, older, newer].map(async (body) => (await POST(signedRequest(body))).json()),
    );
    // Whichever copy of each committed first is the original; the other is its duplicate.
    expect([answers[0].duplicate, answers[2].duplicate].sort()).toEqual([false, true]);
    expect([answers[1].duplicate, answers[3].duplicate].sort()).toEqual([false, true]);
    expect((await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-batch" } })).status).toBe("active");
    const events = await t.db.prisma.webhookEvent.findMany({
      where: { entityUid: "mb-batch" },
      orderBy: { occurredAt: "asc" },
    });
    expect(events.map((e) => [e.status, e.duplicateCount])).toEqual([
      ["processing", 2],
      ["active", 2],
    ]);
  });

  it("one failing delivery in a batch fails alone; its batch mates commit", async () => {
    const insert = (n: number) =>
      t.db.prisma
        .$executeRaw`INSERT INTO "rejected_deliveries" ("vendor", "reason", "detail", "size", "body_sha256", "headers", "received_at") VALUES ('test', 'batch', ${`ok-${n}`}, 0, '', '{}', ${new Date()})`;
    const failing = [insert(99), t.db.prisma.$executeRawUnsafe(`INSERT INTO "no_such_table" VALUES (1)`)];
    const results = await Promise.allSettled([
      commitGrouped(t.db, [insert(1)]),
      commitGrouped(t.db, failing),
      commitGrouped(t.db, [insert(2)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const details = (await t.db.prisma.rejectedDelivery.findMany({ where: { reason: "batch" } }))
      .map((r) => r.detail)
      .sort();
    expect(details).toEqual(["ok-1", "ok-2"]); // ok-99 rolled back with its failing statement
  });

  it("a delivery the database refuses fails alone with its own error, statements after it in the batch notwithstanding", async () => {
    // SQL statements run on the adapter's connection, written together in pipeline mode on PostgreSQL,
    // where every statement after the refused one fails with 25P02: the refusal must keep its own code
    // (lib/webhooks/unstorable.ts quarantines by it), alone and when retried out of its batch.
    const failure = (key: string) =>
      Prisma.sql`INSERT INTO "storage_failures" ("vendor", "body_sha256", "error", "attempts", "first_at", "last_at")
        VALUES ('test', ${key}, 'e', 1, ${new Date()}, ${new Date()})`;
    const refused = [
      execute(failure("taken")),
      query(Prisma.sql`${failure("taken")} RETURNING "attempts"`), // the primary key is taken
      execute(failure("after-refused")),
    ];
    const results = await Promise.allSettled([
      commitGrouped(t.db, [execute(failure("mate-1"))]),
      commitGrouped(t.db, refused),
      commitGrouped(t.db, [execute(failure("mate-2"))]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const reason = (results[1] as PromiseRejectedResult).reason;
    expect(repeatableFailure(reason)?.code).toMatch(provider === "sqlite" ? /^SQLITE_CONSTRAINT/ : /^23505$/);
    const stored = await t.db.prisma.storageFailure.findMany({
      where: { vendor: "test" },
      orderBy: { bodySha256: "asc" },
    });
    expect(stored.map((r) => r.bodySha256)).toEqual(["mate-1", "mate-2"]);
  });
});
