// lib/db/statement.ts: a transaction of SQL statements stores exactly what the same statements store
// through Prisma (dates, booleans, integers, floats, nulls, text), returns a RETURNING statement's
// rows, rolls back entirely when one statement fails, and leaves the connection usable afterwards.
// It runs on the driver adapter's connection (no Prisma $transaction) on both databases.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "@/lib/generated/sqlite/client";
import { execute, query, transaction } from "@/lib/db/statement";
import { repeatableFailure } from "@/lib/db/errors";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const at = new Date("2026-03-04T05:06:07.089Z");
const domain = (uid: string) =>
  Prisma.sql`INSERT INTO "domains" ("uid", "name", "status", "renewal_date", "registration_years", "price",
    "enable_mask_forwarding", "forwarding_url", "last_occurred_at", "order_key", "first_seen_at", "updated_at")
    VALUES (${uid}, ${"née.example"}, ${"active"}, ${at}, ${3}, ${12.5}, ${true}, ${null}, ${at}, ${"k"}, ${at}, ${at})`;

describe.each(await providers())("SQL statement transactions on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
    await t.db.prisma.$queryRaw`SELECT 1`; // Prisma connects the adapter on its first query
  });
  afterAll(async () => t.drop());

  it("store what Prisma stores, and return RETURNING rows", async () => {
    const spy = vi.spyOn(t.db.prisma, "$transaction");
    const [count, rows] = await transaction(t.db, [
      execute(domain("direct")),
      query(Prisma.sql`SELECT "uid", "registration_years" FROM "domains" WHERE "uid" = ${"direct"}`),
    ]);
    expect(spy.mock.calls.length).toBe(0);
    spy.mockRestore();
    await t.db.prisma.$executeRaw(domain("prisma"));
    expect(count).toBe(1);
    expect(rows).toEqual([{ uid: "direct", registration_years: 3 }]);
    const read = await t.db.prisma.domain.findMany({
      where: { uid: { in: ["direct", "prisma"] } },
      orderBy: { uid: "asc" },
    });
    expect(read).toHaveLength(2);
    expect({ ...read[0], uid: "" }).toEqual({ ...read[1], uid: "" });
    expect(read[0].renewalDate).toEqual(at);
    expect(read[0].enableMaskForwarding).toBe(true);
    if (provider === "sqlite") {
      // The stored text and types themselves, not only what Prisma reads back.
      const raw = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT "uid", typeof("renewal_date") AS t, "renewal_date" AS d, typeof("enable_mask_forwarding") AS b,
           typeof("price") AS p FROM "domains" WHERE "uid" IN ('direct', 'prisma') ORDER BY "uid"`,
      );
      expect({ ...raw[0], uid: "" }).toEqual({ ...raw[1], uid: "" });
      expect(raw[0]).toMatchObject({ t: "text", b: "integer", p: "real" });
    }
  });

  it("rolls back every statement when one fails, reports the database's code, and stays usable", async () => {
    const failed = await transaction(t.db, [
      execute(domain("rolled-back")),
      execute(domain("direct")), // the primary key is taken: a constraint failure
    ]).catch((e: unknown) => e);
    expect(repeatableFailure(failed)?.code).toMatch(provider === "sqlite" ? /^SQLITE_CONSTRAINT/ : /^23505$/);
    expect(await t.db.prisma.domain.count({ where: { uid: "rolled-back" } })).toBe(0);
    await transaction(t.db, [execute(domain("after"))]);
    await t.db.prisma.$transaction([t.db.prisma.$executeRaw(domain("after-prisma"))]);
    expect(await t.db.prisma.domain.count({ where: { uid: { in: ["after", "after-prisma"] } } })).toBe(2);
  });

  it("reports the failing statement's own error, not a later statement's 'transaction is aborted'", async () => {
    // PostgreSQL answers every statement after the failing one with 25P02; in pipeline mode those
    // answers arrive together, and an execute's rejection settles before a query's (which reads rows).
    // lib/webhooks/unstorable.ts recognises a refusal only by its own code.
    const returning = (uid: string) => query(Prisma.sql`${domain(uid)} RETURNING "uid"`);
    const failed = await transaction(t.db, [
      execute(domain("first")),
      returning("direct"), // the primary key is taken: a constraint failure
      execute(domain("second")),
      execute(domain("third")),
    ]).catch((e: unknown) => e);
    expect(repeatableFailure(failed)?.code).toMatch(provider === "sqlite" ? /^SQLITE_CONSTRAINT/ : /^23505$/);
    expect(await t.db.prisma.domain.count({ where: { uid: { in: ["first", "second", "third"] } } })).toBe(0);
  });
});
