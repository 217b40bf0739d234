// The event-log stage of `npm run bench` (BENCH_ONLY=events): seeds BENCH_EVENTS events (default
// 2,000,000) into a fresh, migrated database with one set-based INSERT … SELECT per chunk inside the
// database (a recursive CTE on SQLite, generate_series on PostgreSQL; the search index and the other
// secondary indexes are built once afterwards), then times the filtered event list and a free-text
// search through a running server.
// Also (BENCH_ONLY=flood): 5,000 unsigned requests against the real cap of stored refusals.
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { Provider } from "@/lib/db/provider";
import { sqlitePath } from "@/lib/db/provider";

/** Words every payload carries one of (common), and one in RARE_EVERY payloads (rare). */
export const COMMON_WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
export const RARE_WORD = "quetzal";
export const RARE_EVERY = 10_000;
const CHUNK = 200_000;
const BASE_MS = Date.parse("2026-01-05T09:00:00.000Z");

/**
 * One event per number n (1-based): entity mailbox/domain alternating, 4 statuses, 50 workspaces,
 * 20,000 entities, vendor time one second apart; the payload is a nested JSON with a common word and
 * every RARE_EVERY-th a rare one, as deep inside as real deliveries put custom fields.
 */
const SQLITE_CHUNK = `
WITH RECURSIVE g(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM g WHERE n < CAST(? AS INTEGER))
INSERT INTO "webhook_events" ("vendor", "event_type", "entity_type", "entity_uid", "status", "previous_status",
  "occurred_at", "occurred_at_source", "received_at", "dedupe_key", "duplicate_count", "last_seen_at", "outcome",
  "workspace_id", "team_id", "payload", "headers")
SELECT 'inboxkit',
  CASE n % 2 WHEN 0 THEN 'mailbox.status_changed' ELSE 'domain.status_changed' END,
  CASE n % 2 WHEN 0 THEN 'mailbox' ELSE 'domain' END,
  printf('ent-%05d', n % 20000),
  CASE n % 4 WHEN 0 THEN 'active' WHEN 1 THEN 'pending' WHEN 2 THEN 'processing' ELSE 'failed' END,
  NULL,
  strftime('%Y-%m-%dT%H:%M:%f', CAST(? AS INTEGER) + n, 'unixepoch') || '+00:00', 'metadata',
  strftime('%Y-%m-%dT%H:%M:%f', CAST(? AS INTEGER) + n, 'unixepoch') || '+00:00',
  'seed:' || n, 1,
  strftime('%Y-%m-%dT%H:%M:%f', CAST(? AS INTEGER) + n, 'unixepoch') || '+00:00',
  CASE WHEN n % 10 = 0 THEN 'stale' ELSE 'applied' END,
  'ws-' || (n % 50), 'team-1',
  '{"event":"x","data":{"entity":{"uid":"ent-' || (n % 20000) || '","custom_fields":{"crm":{"notes":["' ||
    CASE WHEN n % ${RARE_EVERY} = 0 THEN '${RARE_WORD} ' ELSE '' END ||
    CASE n % 8 ${COMMON_WORDS.map((w, i) => `WHEN ${i} THEN '${w}'`).join(" ")} END || ' note ' || n || '"]}}}}}',
  '{"user-agent":"InboxKit-Webhook/1.0"}'
FROM g`;

function seedSqlite(url: string, count: number): void {
  const db = new BetterSqlite3(sqlitePath(url));
  db.pragma("journal_mode = wal");
  db.pragma("synchronous = off");
  // The search index is rebuilt once at the end: far cheaper than a trigger per row.
  const triggers = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'webhook_events'`)
    .all() as { sql: string }[];
  for (const name of ["webhook_events_fts_insert", "webhook_events_fts_delete", "webhook_events_fts_update"])
    db.exec(`DROP TRIGGER IF EXISTS "${name}"`);
  // So are the secondary indexes: one sorted build each is far cheaper than 2,000,000 random inserts.
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'webhook_events' AND sql IS NOT NULL`,
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  const insert = db.prepare(SQLITE_CHUNK);
  const base = Math.floor(BASE_MS / 1000);
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    db.transaction(() => insert.run(from, to, base, base, base))();
  }
  for (const index of indexes) db.exec(index.sql);
  db.exec(`INSERT INTO "webhook_events_fts" ("webhook_events_fts") VALUES ('rebuild')`);
  for (const t of triggers) db.exec(t.sql);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
}

async function seedPostgres(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Every index but the primary key (the GIN search index among them) is dropped for the load and
    // built once afterwards from its kept definition: one sorted build each instead of 2,000,000
    // random inserts (and 2,000,000 to_tsvector calls inside the load).
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'webhook_events' AND indexname <> 'webhook_events_pkey'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
    const words = `(ARRAY[${COMMON_WORDS.map((w) => `'${w}'`).join(",")}])[n % 8 + 1]`;
    for (let from = 1; from <= count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK - 1);
      await client.query(
        `INSERT INTO "webhook_events" ("vendor", "event_type", "entity_type", "entity_uid", "status", "previous_status",
          "occurred_at", "occurred_at_source", "received_at", "dedupe_key", "duplicate_count", "last_seen_at", "outcome",
          "workspace_id", "team_id", "payload", "headers")
        SELECT 'inboxkit',
          CASE n % 2 WHEN 0 THEN 'mailbox.status_changed' ELSE 'domain.status_changed' END,
          CASE n % 2 WHEN 0 THEN 'mailbox' ELSE 'domain' END,
          'ent-' || lpad((n % 20000)::text, 5, '0'),
          (ARRAY['active','pending','processing','failed'])[n % 4 + 1],
          NULL,
          to_timestamp($3 + n) AT TIME ZONE 'UTC', 'metadata', to_timestamp($3 + n) AT TIME ZONE 'UTC',
          'seed:' || n, 1, to_timestamp($3 + n) AT TIME ZONE 'UTC',
          CASE WHEN n % 10 = 0 THEN 'stale' ELSE 'applied' END,
          'ws-' || (n % 50), 'team-1',
          '{"event":"x","data":{"entity":{"uid":"ent-' || (n % 20000) || '","custom_fields":{"crm":{"notes":["' ||
            CASE WHEN n % ${RARE_EVERY} = 0 THEN '${RARE_WORD} ' ELSE '' END || ${words} || ' note ' || n || '"]}}}}}',
          '{"user-agent":"InboxKit-Webhook/1.0"}'
        FROM generate_series($1::int, $2::int) AS n`,
        [from, to, Math.floor(BASE_MS / 1000)],
      );
    }
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of indexes) await client.query(index.indexdef);
    await client.query(`ANALYZE "webhook_events"`);
  } finally {
    await client.end();
  }
}

export async function seedEvents(provider: Provider, url: string, count: number): Promise<number> {
  const started = performance.now();
  if (provider === "sqlite") seedSqlite(url, count);
  else await seedPostgres(url, count);
  return (performance.now() - started) / 1000;
}

/** The reads timed: a filtered list (several filters together) and searches (a rare and a common word). */
export const EVENT_READS = {
  "filtered list": "/api/events?entityType=mailbox&status=active&workspace=ws-20&limit=50",
  "filtered list, entity + time range":
    "/api/events?entity=ent-00420&occurredFrom=2026-01-05T10:00:00Z&occurredTo=2026-01-20T00:00:00Z&limit=50",
  "text search (rare word)": `/api/events?q=${RARE_WORD}&limit=50`,
  "text search (common word)": "/api/events?q=echo&limit=50",
  "text search (common word) + filter": "/api/events?q=echo&entityType=mailbox&limit=50",
} as const;
