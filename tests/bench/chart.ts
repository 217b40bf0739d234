// The overview's deliveries chart (lib/queries/charts.ts) at scale, on SQLite or PostgreSQL: a fresh
// migrated database with N webhook_events (default 2,000,000) received over the last 7 days (one
// every 0.3 s, one in ten stale), seeded set-based with the secondary indexes built afterwards. Times
// deliveriesPerHour uncached: the first chart and the backfill it starts (with the longest wait of the
// event loop meanwhile), then the next ones (a minute later), and prints the count's query plan. Run: npx tsx tests/bench/chart.ts [sqlite|postgresql] [N]
import { monitorEventLoopDelay } from "node:perf_hooks";
import { resetConfig } from "../../lib/config";
import { bulkLoader, freshDatabase } from "../helpers/db";

// CHART_MODULE: another implementation to compare (a copy of the old one, say), path from lib/queries.
const { deliveriesPerHour, deliveryHoursBackfill } = (await import(
  `../../lib/queries/${process.env.CHART_MODULE ?? "charts"}`
)) as typeof import("../../lib/queries/charts");
const provider = (process.argv[2] ?? "sqlite") as "sqlite" | "postgresql";
const N = Number(process.argv[3] ?? 2_000_000);
Object.assign(process.env, { LOG_LEVEL: "silent" });
resetConfig();
const t = await freshDatabase(provider);
const onPg = provider === "postgresql";
const loader = await bulkLoader(t);
const seed = loader.run;
const now = new Date();
const spacing = (7 * 86_400_000 - 60_000) / N; // ms between receipts, the newest a minute ago
const series = onPg
  ? `generate_series($1::int, $2::int) AS g(n)`
  : `(WITH RECURSIVE s(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM s WHERE n < CAST(? AS INTEGER)) SELECT n FROM s) AS g`;
const at = (ms: string) =>
  onPg
    ? `to_timestamp((${ms}) / 1000.0) AT TIME ZONE 'UTC'`
    : `strftime('%Y-%m-%dT%H:%M:%f', (${ms}) / 1000.0, 'unixepoch') || '+00:00'`;
const received = at(`${now.getTime() - 60_000} - n * ${spacing}`);
const started = performance.now();
const indexes = await t.db.prisma.$queryRawUnsafe<{ name: string; sql: string }[]>(
  onPg
    ? `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'webhook_events' AND indexname <> 'webhook_events_pkey'`
    : `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'webhook_events' AND sql IS NOT NULL`,
);
const triggers = onPg
  ? []
  : await t.db.prisma.$queryRawUnsafe<{ name: string; sql: string }[]>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'webhook_events'`,
    );
for (const trigger of triggers) await seed(`DROP TRIGGER "${trigger.name}"`);
for (const index of indexes) await seed(`DROP INDEX "${index.name}"`);
for (let from = 0; from < N; from += 200_000) {
  await seed(
    `INSERT INTO "webhook_events" ("vendor", "event_type", "entity_type", "entity_uid", "status", "occurred_at",
      "occurred_at_source", "received_at", "dedupe_key", "duplicate_count", "last_seen_at", "outcome", "workspace_id", "payload")
    SELECT 'inboxkit', 'mailbox.status_changed', 'mailbox', 'mb-' || (n % 20000), 'active', ${received}, 'metadata',
      ${received}, 'chart:' || n, 1, ${received}, CASE WHEN n % 10 = 0 THEN 'stale' ELSE 'applied' END, 'ws-' || (n % 50), '{}'
    FROM ${series}`,
    from,
    Math.min(N, from + 200_000) - 1,
  );
}
for (const index of indexes) await seed(index.sql);
for (const trigger of triggers) await seed(trigger.sql);
await seed("ANALYZE");
await loader.end();
console.log(`${provider}: seeded ${N} events over 7 days in ${Math.round(performance.now() - started)} ms`);

const timed = async (label: string, at: Date) => {
  const start = performance.now();
  const chart = await deliveriesPerHour(at).catch((error: Error) => {
    console.log(
      `${label}: failed after ${Math.round(performance.now() - start)} ms: ${error.message.split("\n").at(-1)}`,
    );
    return null;
  });
  if (!chart) return;
  const total = chart.hours.reduce((sum, h) => sum + h.accepted + h.stale, 0);
  console.log(
    `${label}: ${Math.round(performance.now() - start)} ms (${total} deliveries in ${chart.hours.length} hours, ${chart.pendingHours} pending)`,
  );
  // The backfill it started: its length and the longest the event loop waited meanwhile (the most
  // a request on this process waited for it).
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const backfillStart = performance.now();
  const slices = await deliveryHoursBackfill();
  delay.disable();
  if (slices)
    console.log(
      `  backfill: ${slices} slices in ${Math.round(performance.now() - backfillStart)} ms, event loop blocked at most ${Math.round(delay.max / 1e6)} ms`,
    );
};
await timed("first chart", now);
await timed("the chart after the backfill", now);
for (let i = 1; i <= 3; i++) await timed(`chart ${i} minute(s) later`, new Date(now.getTime() + i * 60_000));
await timed("chart an hour later", new Date(now.getTime() + 3_600_000));
const from = new Date(now.getTime() - 7 * 86_400_000).toISOString();
const plan = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
  onPg
    ? `EXPLAIN SELECT "outcome", COUNT(*) FROM "webhook_events" WHERE "received_at" >= '${from}' AND "received_at" < '${now.toISOString()}' GROUP BY 1`
    : `EXPLAIN QUERY PLAN SELECT "outcome", COUNT(*) FROM "webhook_events" WHERE "received_at" >= '${from}' AND "received_at" < '${now.toISOString()}' GROUP BY 1`,
);
console.log("raw count plan:", plan.map((row) => Object.values(row).at(-1)).join(" | "));
await t.drop();
