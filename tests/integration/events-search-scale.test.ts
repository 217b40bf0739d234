// The event log's free-text search on a table large enough for the planner's choices to matter:
// 30,000 events seeded as the benchmark seeds them (tests/bench/events.ts), a common word in every
// payload and a rare one in 1 of 10,000. Results must equal a brute-force scan of the payloads, page
// by page. On PostgreSQL the statements the search runs are replayed under EXPLAIN ANALYZE and must
// read a small part of the table: left to itself the planner walked the primary key newest first,
// running to_tsvector on every row until 50 matched, so a rare word read the whole table and, at
// 500,000 events in the benchmark, hit the statement timeout (HTTP 500 after about 4 s).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { GET as eventsGET } from "@/app/api/events/route";
import { resetConfig } from "@/lib/config";
import { closeDatabase, database } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { EventRow } from "@/lib/queries/events";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { RARE_WORD, seedEvents } from "../bench/events";

const TOKEN = "events-scale-token-0123456789abcdef";
const EVENTS = 30_000;

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

type Page = { rows: EventRow[]; nextBefore: number | null };

async function list(query: string): Promise<Page> {
  const response = await eventsGET(get(`/api/events?${query}`));
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body as Page;
}

/** Every page of a query, following the cursor. */
async function allPages(query: string): Promise<number[]> {
  const ids: number[] = [];
  let page = await list(query);
  ids.push(...page.rows.map((r) => r.id));
  while (page.nextBefore !== null) {
    page = await list(`${query}&before=${page.nextBefore}`);
    ids.push(...page.rows.map((r) => r.id));
  }
  return ids;
}

type PlanNode = {
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
};

/** Rows of webhook_events a plan read: returned by its scans plus those its filters threw away. */
function rowsRead(node: PlanNode): number {
  const own =
    node["Relation Name"] === "webhook_events"
      ? (node["Actual Rows"] + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) *
        node["Actual Loops"]
      : 0;
  return own + (node.Plans ?? []).reduce((n, child) => n + rowsRead(child), 0);
}

describe.each(await providers())("event search over 30,000 events on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    process.env.DASHBOARD_API_TOKEN = TOKEN;
    process.env.SESSION_SECRET = "events-scale-session-secret-0123";
    resetConfig();
    t = await freshDatabase(provider);
    await closeDatabase(); // the seeder writes on its own connection
    await seedEvents(provider, t.url, EVENTS);
    t.db = database();
    await t.db.ready;
  }, 180_000);
  afterAll(async () => t.drop());
  afterEach(() => vi.restoreAllMocks());

  /** Ids of the events whose stored payload contains `text`, newest first (a scan of every row). */
  const bruteForce = async (text: string, extra = Prisma.empty) =>
    (
      await t.db.prisma.$queryRaw<{ id: number | bigint }[]>`
        SELECT "id" FROM "webhook_events" WHERE "payload" LIKE ${`%${text}%`} ${extra} ORDER BY "id" DESC`
    ).map((r) => Number(r.id));

  it("finds every event with a rare word, page by page, as a scan of every payload does", async () => {
    const expected = await bruteForce(RARE_WORD);
    expect(expected).toHaveLength(EVENTS / 10_000);
    expect(await allPages(`q=${RARE_WORD}&limit=2`)).toEqual(expected);
    expect(await allPages(`q=${RARE_WORD.toUpperCase().slice(0, 5)}&limit=50`)).toEqual(expected); // a word's start
  });

  it("fills pages of a common word, with and without other filters, and finds nothing that is not there", async () => {
    const echo = await bruteForce("echo note");
    expect((await list("q=echo&limit=50")).rows.map((r) => r.id)).toEqual(echo.slice(0, 50));
    const mailboxEcho = await bruteForce("echo note", Prisma.sql`AND "entity_type" = 'mailbox'`);
    const page = await list("q=echo&entityType=mailbox&limit=50");
    expect(page.rows.map((r) => r.id)).toEqual(mailboxEcho.slice(0, 50));
    const deep = await list(`q=echo&entityType=mailbox&limit=50&before=${mailboxEcho[1000]}`);
    expect(deep.rows.map((r) => r.id)).toEqual(mailboxEcho.slice(1001, 1051));
    // Every "echo" event is active (seeded n % 8 = 4): the window finds none, the index none either.
    expect((await list("q=echo&status=pending&limit=50")).rows).toEqual([]);
    const rareMailbox = await bruteForce(RARE_WORD, Prisma.sql`AND "workspace_id" = 'ws-0'`);
    expect(await allPages(`q=${RARE_WORD}&workspace=ws-0&limit=50`)).toEqual(rareMailbox);
  });

  if (provider === "postgresql") {
    it("reads a small part of the table for a rare word, whatever the planner estimates", async () => {
      const prisma = t.db.prisma;
      const statements: Prisma.Sql[] = [];
      const original = prisma.$queryRaw.bind(prisma);
      vi.spyOn(prisma, "$queryRaw").mockImplementation(((query: TemplateStringsArray, ...values: unknown[]) => {
        statements.push(Prisma.sql(query, ...values));
        return original(query, ...values);
      }) as typeof prisma.$queryRaw);
      const page = await list(`q=${RARE_WORD}&limit=50`);
      expect(page.rows).toHaveLength(EVENTS / 10_000);
      expect(statements.length).toBeGreaterThan(0);
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        let read = 0;
        for (const statement of statements) {
          const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
            `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
            statement.values as unknown[],
          );
          read += rowsRead(rows[0]["QUERY PLAN"][0].Plan);
        }
        expect(read).toBeLessThan(EVENTS / 10);
      } finally {
        await client.end();
      }
    });
  }
});
