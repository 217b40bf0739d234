// A domain's page and API (lib/queries/domains.ts domainView) on real databases: its mailboxes are
// those whose domain_id is the domain's uid or whose domain_name is its name, in email order, capped
// at RELATED_LIMIT, with their count. At 100,000 mailboxes the OR read every mailbox row (only
// domain_name had an index: PostgreSQL GET /api/domains/:uid p95 662 ms); what is checked does not
// depend on speed: the rows and count are what the OR means, and each side of it is an index lookup
// in the plan of the statement the page sends (SQLite) or of the same SQL (PostgreSQL).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { domainView, RELATED_LIMIT } from "@/lib/queries/domains";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { recordPrepared, sqlitePlan } from "../helpers/sqlite-plan";

const T0 = Date.parse("2026-06-01T00:00:00.000Z");
const at = (i: number) => new Date(T0 + i * 60_000);

describe.each(await providers())("domain view on %s", (provider) => {
  let t: TestDatabase;
  /** Every statement the app's SQLite connection prepared (better-sqlite3 `prepare`). */
  let prepared: string[] = [];
  beforeAll(async () => {
    if (provider === "sqlite") prepared = recordPrepared();
    t = await freshDatabase(provider);
    const domain = (uid: string, name: string) => ({
      uid,
      name,
      status: "active",
      lastOccurredAt: at(0),
      orderKey: "0",
      firstSeenAt: at(0),
      updatedAt: at(0),
    });
    await t.db.prisma.domain.createMany({ data: [domain("dom-a", "a.test"), domain("dom-b", "b.test")] });
    // Mailboxes of dom-a: by domain_id only (a renamed domain), by name only (no domain_id sent), by
    // both; more than RELATED_LIMIT of them so the cap and the count differ; and others of dom-b.
    const mailbox = (i: number, email: string, domainId: string | null, domainName: string | null) => ({
      uid: `mbx-${String(i).padStart(5, "0")}`,
      email,
      domainId,
      domainName,
      status: "active",
      lastOccurredAt: at(i),
      orderKey: String(i).padStart(10, "0"),
      firstSeenAt: at(i),
      updatedAt: at(i),
    });
    await t.db.prisma.mailbox.createMany({
      data: Array.from({ length: 3 * RELATED_LIMIT }, (_, i) => {
        const email = `u${String(i).padStart(4, "0")}@x.test`;
        if (i % 5 === 0) return mailbox(i, email, "dom-a", "old-a.test");
        if (i % 5 === 1) return mailbox(i, email, null, "a.test");
        if (i % 5 === 2) return mailbox(i, email, "dom-a", "a.test");
        return mailbox(i, email, "dom-b", "b.test");
      }),
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.drop();
  });

  it("lists the mailboxes by domain_id or domain_name, in email order, capped, with their count", async () => {
    const view = await domainView("dom-a");
    const expected = Array.from({ length: 3 * RELATED_LIMIT }, (_, i) => i)
      .filter((i) => i % 5 < 3)
      .map((i) => `u${String(i).padStart(4, "0")}@x.test`);
    expect(view!.mailboxCount).toBe(expected.length);
    expect(view!.mailboxes.map((m) => m.email)).toEqual(expected.slice(0, RELATED_LIMIT));
    expect((await domainView("dom-b"))!.mailboxCount).toBe(3 * RELATED_LIMIT - expected.length);
  });

  if (provider === "sqlite") {
    it("finds them through indexes on both sides of the OR, not by reading every mailbox", async () => {
      await domainView("dom-b"); // the adapter caches statements: those the first test prepared count too
      const statements = prepared.filter((sql) => /FROM [`"]main[`"]\.[`"]mailboxes[`"].*domain_id/s.test(sql));
      expect(statements.length, prepared.join("\n")).toBe(2); // the page and the count
      for (const sql of statements) {
        const plan = sqlitePlan(t.url, sql);
        expect(plan, sql).not.toMatch(/SCAN (main\.)?mailboxes/);
        expect(plan, sql).toMatch(/mailboxes_domain_id_idx \(domain_id=\?\)/);
        expect(plan, sql).toMatch(/mailboxes_domain_name_idx \(domain_name=\?\)/);
      }
    });
  } else {
    it("finds them through indexes on both sides of the OR, not by reading every mailbox", async () => {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        // Eight rows per domain side would make a sequential scan the cheaper plan; with it
        // disabled the planner still picks one when a side of the OR has no index.
        await client.query("BEGIN; SET LOCAL enable_seqscan = off");
        const r = await client.query(
          `EXPLAIN SELECT uid FROM mailboxes WHERE domain_id = $1 OR domain_name = $2 ORDER BY email LIMIT 200`,
          ["dom-a", "a.test"],
        );
        await client.query("ROLLBACK");
        const plan = r.rows.map((x) => x["QUERY PLAN"]).join("\n");
        expect(plan).not.toMatch(/Seq Scan/);
        expect(plan).toMatch(/Bitmap Index Scan on mailboxes_domain_id_idx/);
        expect(plan).toMatch(/Bitmap Index Scan on mailboxes_domain_name_idx/);
      } finally {
        await client.end();
      }
    });
  }
});
