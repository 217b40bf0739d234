// The mailboxes list sorted by mail health at scale, on SQLite or PostgreSQL: a fresh migrated
// database with 100,000 mailboxes and the hourly rollups of 5,000,000 mail events over the last 7
// days (20 hours with mail per mailbox, 2.5 events each: 4,000,000 delivered, 1,000,000 received,
// bounces on one mailbox in ten, failures on one in 97), seeded set-based. Times: the first sorted
// read (every key computed), a sorted page (first, deep, with a workspace filter), and the first
// read an hour later (the keys whose oldest hour left a window computed again).
// Run: npx tsx tests/bench/mail-order.ts [sqlite|postgresql]
import { resetConfig } from "../../lib/config";
import { listMailboxes, mailboxListQuery } from "../../lib/queries/mailboxes";
import { mailOrderCatchUp } from "../../lib/queries/mail-order";
import { bulkLoader, freshDatabase } from "../helpers/db";

const provider = (process.argv[2] ?? "sqlite") as "sqlite" | "postgresql";
const MAILBOXES = Number(process.env.MAILBOXES ?? 100_000);
const HOURS_EACH = 20;
const HOUR = 3_600_000;
Object.assign(process.env, { LOG_LEVEL: "silent" });
resetConfig();
const t = await freshDatabase(provider);
const now = new Date();
const nowHour = Math.floor(now.getTime() / HOUR) * HOUR;
const onPg = provider === "postgresql";
const loader = await bulkLoader(t);
const seed = loader.run;
const seconds = (ms: number) => Math.floor(ms / 1000);
// n = 0 .. MAILBOXES * HOURS_EACH - 1: mailbox n / HOURS_EACH, its (n % HOURS_EACH)-th hour with mail.
const series = onPg
  ? `generate_series(0, ${MAILBOXES * HOURS_EACH - 1}) AS g(n)`
  : `(WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ${MAILBOXES * HOURS_EACH - 1}) SELECT n FROM s) AS g`;
const time = (expr: string) =>
  onPg ? `to_timestamp(${expr}) AT TIME ZONE 'UTC'` : `strftime('%Y-%m-%dT%H:%M:%f', ${expr}, 'unixepoch') || '+00:00'`;
const div = (a: string, b: number) => (onPg ? `(${a}) / ${b}` : `CAST((${a}) / ${b} AS INTEGER)`);
const started = performance.now();
await seed(`
  INSERT INTO "mailboxes" ("uid", "email", "status", "platform", "workspace_id", "last_occurred_at", "order_key", "first_seen_at", "updated_at")
  SELECT 'mb-' || n, 'mb' || n || '@bench.test', 'active', 'GOOGLE', 'ws-' || (n % 50), ${time(`${seconds(nowHour) - 86400 * 10} + n`)},
    'k', ${time(`${seconds(nowHour) - 86400 * 10}`)}, ${time(`${seconds(nowHour) - 86400 * 10}`)}
  FROM ${series} WHERE n < ${MAILBOXES}`);
const mailbox = div("n", HOURS_EACH);
const hoursAgo = `((${mailbox}) * 7 + (n % ${HOURS_EACH}) * 8) % 168`;
await seed(`
  INSERT INTO "mail_rollups" ("mailbox_email", "hour", "received", "sent", "delivered", "bounced", "failed", "forwarded", "last_occurred_at")
  SELECT 'mb' || (${mailbox}) || '@bench.test', ${time(`${seconds(nowHour)} - 3600 * (${hoursAgo})`)},
    n % 2, 0, 2,
    CASE WHEN (${mailbox}) % 10 = 0 AND n % 5 = 0 THEN 1 ELSE 0 END,
    CASE WHEN (${mailbox}) % 97 = 0 AND n % 7 = 0 THEN 1 ELSE 0 END, 0,
    ${time(`${seconds(nowHour)} - 3600 * (${hoursAgo}) + 60`)}
  FROM ${series}`);
await seed("ANALYZE");
await loader.end();
const [{ events }] = await t.db.prisma.$queryRawUnsafe<{ events: number | bigint }[]>(
  `SELECT SUM("received" + "delivered" + "bounced" + "failed") AS "events" FROM "mail_rollups"`,
);
console.log(
  `${provider}: seeded ${MAILBOXES} mailboxes, ${MAILBOXES * HOURS_EACH} rollup rows (${Number(events)} mail events) in ${Math.round(performance.now() - started)} ms`,
);

const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const at = performance.now();
  const result = await run();
  console.log(`${label}: ${Math.round(performance.now() - at)} ms`);
  return result;
};
const list = (query: Record<string, string>, at = now) =>
  listMailboxes(mailboxListQuery.parse({ sort: "mailHealth", ...query }), at);

for (let i = 0; i < 2; i++)
  await timed(`baseline: page 1 sorted by last change, run ${i + 1}`, () =>
    listMailboxes(mailboxListQuery.parse({}), now),
  );
await timed("first sorted read after the migration (at most 2,000 keys on the request path)", () => list({}));
await timed("the background refresh of the other keys, after it", () => mailOrderCatchUp());
for (let i = 0; i < 3; i++) await timed(`sorted page 1 (50 rows), run ${i + 1}`, () => list({}));
await timed("sorted page 1000", () => list({ page: "1000" }));
await timed("sorted page 1, workspace filter", () => list({ workspace: "ws-7" }));
await timed("sorted page 1, desc", () => list({ dir: "desc" }));
const first = (await list({})).rows.slice(0, 3).map((r) => `${r.uid} ${r.mail?.health.state}`);
console.log(`  worst first: ${first.join(", ")}`);
const later = new Date(now.getTime() + HOUR);
await timed("an hour later, first sorted read (expired keys: at most 2,000 on the request path)", () =>
  list({}, later),
);
await timed("an hour later, the background refresh of the other expired keys", () => mailOrderCatchUp());
await timed("an hour later, sorted page 1", () => list({}, later));
await t.drop();
