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

    it("answers the event log's entity filter (a part of a uid, address or name) from trigram indexes", async () => {
      // The statements lib/queries/events.ts entityCandidates sends (Prisma's insensitive contains): before
      // the uid indexes every OR with a uid in it was a sequential scan (140 ms at 100,000 mailboxes).
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        await client.query("BEGIN; SET LOCAL enable_seqscan = off");
        // Rows (rolled back) as many as at full size: with a few thousand, a bitmap over the whole
        // primary key, the ILIKE as its filter, is still costed below the trigram index.
        for (const table of ["consent_requests", "client_id_requests"])
          await client.query(`INSERT INTO ${table} (uid, status, last_occurred_at, order_key, first_seen_at, updated_at)
            SELECT 'req-' || n, 'pending', now(), '0', now(), now() FROM generate_series(1, 30000) n`);
        await client.query(`INSERT INTO domains (uid, name, status, last_occurred_at, order_key, first_seen_at, updated_at)
          SELECT 'dom-x' || n, 'x' || n || '.test', 'active', now(), '0', now(), now() FROM generate_series(1, 30000) n`);
        await client.query("ANALYZE consent_requests, client_id_requests, domains");
        const statements: [string, RegExp[]][] = [
          [
            "SELECT uid FROM mailboxes WHERE uid ILIKE $1 OR email ILIKE $1 OR domain_name ILIKE $1",
            [/mailboxes_uid_trgm_idx/, /mailboxes_email_trgm_idx/, /mailboxes_domain_name_trgm_idx/],
          ],
          [
            "SELECT uid FROM domains WHERE uid ILIKE $1 OR name ILIKE $1",
            [/domains_uid_trgm_idx/, /domains_name_trgm_idx/],
          ],
          ["SELECT uid FROM consent_requests WHERE uid ILIKE $1", [/consent_requests_uid_trgm_idx/]],
          [
            "SELECT uid FROM client_id_requests WHERE uid ILIKE $1 OR domain_name ILIKE $1",
            [/client_id_requests_uid_trgm_idx/, /client_id_requests_domain_name_trgm_idx/],
          ],
        ];
        for (const [sql, indexes] of statements) {
          const r = await client.query(`EXPLAIN ${sql}`, ["%acme.test%"]);
          const plan = r.rows.map((x) => x["QUERY PLAN"]).join("\n");
          expect(plan, sql).not.toMatch(/Seq Scan/);
          for (const index of indexes)
            expect(plan, `${sql}\n${plan}`).toMatch(new RegExp(`Bitmap Index Scan on ${index.source}`));
        }
        await client.query("ROLLBACK");
      } finally {
        await client.end();
      }
    });
  }
});
