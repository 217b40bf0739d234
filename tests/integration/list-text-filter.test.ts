// The lists' text filter (`q=`: part of an address or domain name, any case, or an exact uid) on real
// databases. At 100,000 mailboxes a rare part took 3.2 s on SQLite (the page walked the order index
// and looked up every row for a handful of matches) and 1-1.4 s on PostgreSQL (ILIKE on a plain
// column no index served). What is checked does not depend on speed: the page statement's plan on
// SQLite (the matching uids, not the order index), the trigram indexes in PostgreSQL's plan, and
// that the rows, totals and counts are what the filter means (a common part too).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { listDomains } from "@/lib/queries/domains";
import { exportMailboxes, listMailboxes, type MailboxSort } from "@/lib/queries/mailboxes";
import { TEXT_UIDS_MAX, type ListParams } from "@/lib/queries/list";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { recordPrepared, sqlitePlan } from "../helpers/sqlite-plan";

const T0 = Date.parse("2026-06-01T00:00:00.000Z");
const at = (i: number) => new Date(T0 + i * 60_000);
/** More common-part matches than the uids SQLite binds, so that path is exercised too. */
const COMMON = TEXT_UIDS_MAX + 1;

const params = (q: string, extra: Partial<ListParams<MailboxSort>> = {}): ListParams<MailboxSort> => ({
  page: 1,
  pageSize: 25,
  sort: "updated",
  q,
  ...extra,
});

describe.each(await providers())("lists: text filter on %s", (provider) => {
  let t: TestDatabase;
  /** Every statement the app's SQLite connection prepared (better-sqlite3 `prepare`). */
  let prepared: string[] = [];
  beforeAll(async () => {
    if (provider === "sqlite") prepared = recordPrepared();
    t = await freshDatabase(provider);
    const row = (i: number, email: string, domainName: string, status: string) => ({
      uid: `mbx-${String(i).padStart(5, "0")}`,
      email,
      domainName,
      status,
      lastOccurredAt: at(i),
      orderKey: String(i).padStart(10, "0"),
      firstSeenAt: at(i),
      updatedAt: at(i),
    });
    await t.db.prisma.mailbox.createMany({
      data: [
        ...Array.from({ length: COMMON }, (_, i) => row(i, `user${i}@common.test`, "common.test", "active")),
        row(COMMON, "Jane.Doe@Acme.test", "acme.test", "active"),
        row(COMMON + 1, "john@acme.test", "acme.test", "provisioning"),
        row(COMMON + 2, "ops@other.test", "partner-acme.test", "active"),
        row(COMMON + 3, "under_score@wild.test", "wild.test", "active"),
        row(COMMON + 4, "underXscore@wild.test", "wild.test", "active"),
      ],
    });
    await t.db.prisma.domain.createMany({
      data: ["acme.test", "partner-acme.test", "common.test"].map((name, i) => ({
        uid: `dom-${i}`,
        name,
        status: i === 1 ? "waiting_for_dns_propagation" : "active",
        lastOccurredAt: at(i),
        orderKey: String(i).padStart(10, "0"),
        firstSeenAt: at(i),
        updatedAt: at(i),
      })),
    });
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.drop();
  });

  it("finds a part of an address or domain name in any case, or an exact uid, with its counts", async () => {
    const page = await listMailboxes(params("ACME"));
    expect(page.rows.map((r) => r.email)).toEqual(["ops@other.test", "john@acme.test", "Jane.Doe@Acme.test"]);
    expect(page.total).toBe(3);
    expect(page.statusCounts).toEqual({ active: 2, provisioning: 1 });
    expect((await listMailboxes(params("acme", { status: "provisioning" }))).rows.map((r) => r.email)).toEqual([
      "john@acme.test",
    ]);
    expect((await listMailboxes(params("mbx-00007"))).rows.map((r) => r.uid)).toEqual(["mbx-00007"]);
    expect((await exportMailboxes(params("acme"))).map((r) => r.uid)).toHaveLength(3);
    expect((await listMailboxes(params("nowhere"))).total).toBe(0);
  });

  it("matches a `_` in the text as any one character, as Prisma's contains always has (it does not escape)", async () => {
    expect((await listMailboxes(params("under_score"))).rows.map((r) => r.email)).toEqual([
      "underXscore@wild.test",
      "under_score@wild.test",
    ]);
  });

  it("pages a part that more rows share than the uids it binds, in order", async () => {
    const page = await listMailboxes(params("common.test", { page: 2, pageSize: 10 }));
    expect(page.total).toBe(COMMON);
    expect(page.statusCounts).toEqual({ active: COMMON });
    expect(page.rows.map((r) => r.email)).toEqual(
      Array.from({ length: 10 }, (_, i) => `user${COMMON - 11 - i}@common.test`),
    );
  });

  it("filters domains by part of the name or the uid", async () => {
    const page = await listDomains({ page: 1, pageSize: 25, sort: "name", q: "ACME" });
    expect(page.rows.map((r) => r.name)).toEqual(["acme.test", "partner-acme.test"]);
    expect(page.statusCounts).toEqual({ active: 1, waiting_for_dns_propagation: 1 });
    expect((await listDomains({ page: 1, pageSize: 25, sort: "name", q: "dom-2" })).rows.map((r) => r.name)).toEqual([
      "common.test",
    ]);
  });

  if (provider === "sqlite") {
    it("reads a rare part's page by the matching uids, not along the order index", async () => {
      // A sort no other test here uses: its page statement is prepared afresh (the adapter caches them).
      prepared.length = 0;
      await listMailboxes(params("acme", { sort: "email" }));
      const page = prepared.find((sql) => /FROM [`"]main[`"]\.[`"]mailboxes[`"].*ORDER BY .*email.* LIMIT/s.test(sql));
      expect(page, prepared.join("\n")).toBeDefined();
      const plan = sqlitePlan(t.url, page!);
      expect(plan).not.toMatch(/SCAN (main\.)?mailboxes/);
      expect(plan).toMatch(/SEARCH (main\.)?mailboxes USING INDEX sqlite_autoindex_mailboxes_1 \(uid=\?\)/);
    });
  } else {
    it("answers a part of an address or domain name from trigram indexes", async () => {
      // The statement Prisma sends for `contains` with mode insensitive, as the lists use it.
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        await client.query("BEGIN; SET LOCAL enable_seqscan = off");
        const mailboxes = await client.query(
          `EXPLAIN SELECT uid FROM mailboxes WHERE email ILIKE $1 OR domain_name ILIKE $1 OR uid = $2`,
          ["%acme%", "acme"],
        );
        const domains = await client.query(`EXPLAIN SELECT uid FROM domains WHERE name ILIKE $1 OR uid = $2`, [
          "%acme%",
          "acme",
        ]);
        await client.query("ROLLBACK");
        const plan = (r: pg.QueryResult) => r.rows.map((x) => x["QUERY PLAN"]).join("\n");
        expect(plan(mailboxes)).toMatch(/Bitmap Index Scan on mailboxes_email_trgm_idx/);
        expect(plan(mailboxes)).toMatch(/Bitmap Index Scan on mailboxes_domain_name_trgm_idx/);
        expect(plan(domains)).toMatch(/Bitmap Index Scan on domains_name_trgm_idx/);
      } finally {
        await client.end();
      }
    });
  }
});
