// Seeds a dedicated, migrated SQLite database for the read benchmarks: `mailboxes` mailboxes with
// `eventsPerMailbox` status events each, written with prepared statements in one transaction
// (seconds, not minutes). Dates use the format Prisma's SQLite adapter writes (ISO 8601, +00:00).
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { LIFECYCLE } from "@/lib/ordering";
import { MAILBOX_PROVISIONING } from "@/lib/attention/budgets";
import { sqlitePath, type Provider } from "@/lib/db/provider";

const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

export function seedReadModel(
  url: string,
  mailboxes: number,
  eventsPerMailbox: number,
): { mailboxUids: string[]; events: number } {
  const db = new BetterSqlite3(sqlitePath(url));
  db.pragma("journal_mode = wal");
  const statuses = LIFECYCLE.mailbox;
  const base = Date.parse("2026-01-05T09:00:00.000Z");
  const insertMailbox =
    db.prepare(`INSERT INTO "mailboxes" ("uid", "email", "username", "first_name", "last_name", "status", "previous_status",
    "platform", "domain_id", "domain_name", "workspace_id", "team_id", "team_name", "last_occurred_at", "order_key", "first_seen_at", "updated_at")
    VALUES (?, ?, ?, 'Jane', 'Doe', ?, ?, 'GOOGLE', ?, ?, ?, 'team-1', 'Marketing Team', ?, ?, ?, ?)`);
  const insertEvent =
    db.prepare(`INSERT INTO "webhook_events" ("vendor", "event_type", "entity_type", "entity_uid", "status", "previous_status",
    "occurred_at", "occurred_at_source", "received_at", "dedupe_key", "duplicate_count", "last_seen_at", "outcome", "workspace_id", "team_id", "payload")
    VALUES ('inboxkit', 'mailbox.status_changed', 'mailbox', ?, ?, ?, ?, 'metadata', ?, ?, 1, ?, ?, ?, 'team-1', ?)`);
  const uids: string[] = [];
  let events = 0;
  db.transaction(() => {
    for (let m = 0; m < mailboxes; m++) {
      const uid = `mbx-seed-${m.toString().padStart(6, "0")}`;
      const domain = `domain-${m % 500}.example.com`;
      const workspace = `ws-${m % 50}`;
      let previous: string | null = null;
      for (let e = 0; e < eventsPerMailbox; e++) {
        const status = statuses[Math.min(statuses.length - 2, e)];
        const at = iso(base + m * 1000 + e * 60_000);
        const payload = JSON.stringify({
          event: "mailbox.status_changed",
          data: { mailbox: { uid, status, previous_status: previous } },
        });
        insertEvent.run(
          uid,
          status,
          previous,
          at,
          at,
          `seed:${uid}:${e}`,
          at,
          e === eventsPerMailbox - 1 ? "applied" : "stale",
          workspace,
          payload,
        );
        previous = status;
        events += 1;
      }
      const last = iso(base + m * 1000 + (eventsPerMailbox - 1) * 60_000);
      insertMailbox.run(
        uid,
        `user${m}@${domain}`,
        `user${m}`,
        previous,
        null,
        `dom-${m % 500}`,
        domain,
        workspace,
        last,
        `0|${last}|seed`,
        last,
        last,
      );
      uids.push(uid);
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
  return { mailboxUids: uids, events };
}

// ---------------------------------------------------------------------------------------------
// Set-based seeding inside the database, shared by the event-log stage (tests/bench/events.ts) and
// the scale stage (tests/bench/scale.ts): one INSERT … SELECT per chunk over a number series (a
// recursive CTE on SQLite, generate_series on PostgreSQL), every secondary index dropped during the
// load and built once after it.

/** A bulk-load connection and the few SQL pieces that differ between the two databases. */
export type Bulk = {
  provider: Provider;
  run(sql: string): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  /** A FROM-clause source of integers n = from … to, aliased g(n). */
  series(from: number, to: number): string;
  /** A timestamp column value from an SQL expression of epoch seconds (may be fractional). */
  time(seconds: string): string;
  /** The UTC hour a timestamp column falls in, as the column's own type. */
  hour(column: string): string;
  /** An integer expression zero-padded to `width` digits, as text. */
  pad(expr: string, width: number): string;
  close(): Promise<void>;
};

export async function openBulk(provider: Provider, url: string): Promise<Bulk> {
  if (provider === "sqlite") {
    const db = new BetterSqlite3(sqlitePath(url));
    db.pragma("journal_mode = wal");
    db.pragma("synchronous = off");
    return {
      provider,
      run: async (sql) => void db.transaction(() => db.exec(sql))(),
      query: async <T>(sql: string) => db.prepare(sql).all() as T[],
      series: (from, to) =>
        `(WITH RECURSIVE s(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM s WHERE n < ${to}) SELECT n FROM s) AS g`,
      time: (seconds) => `(strftime('%Y-%m-%dT%H:%M:%f', ${seconds}, 'unixepoch') || '+00:00')`,
      hour: (column) => `(strftime('%Y-%m-%dT%H:00:00.000', ${column}) || '+00:00')`,
      pad: (expr, width) => `printf('%0${width}d', ${expr})`,
      close: async () => {
        db.pragma("wal_checkpoint(TRUNCATE)");
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  return {
    provider,
    run: async (sql) => void (await client.query(sql)),
    query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    series: (from, to) => `generate_series(${from}::bigint, ${to}::bigint) AS g(n)`,
    time: (seconds) => `(to_timestamp(${seconds}) AT TIME ZONE 'UTC')`,
    hour: (column) => `date_trunc('hour', ${column})`,
    pad: (expr, width) => `lpad((${expr})::text, ${width}, '0')`,
    close: () => client.end(),
  };
}

/** `CASE <expr> WHEN 0 THEN '<values[0]>' … END`: a value picked by an integer expression. */
export function pick(expr: string, values: readonly string[]): string {
  return `CASE ${expr} ${values.map((v, i) => `WHEN ${i} THEN '${v}'`).join(" ")} END`;
}

/** Rows `from … to` inserted by `chunk(from, to)`, at most `size` per statement (one transaction each). */
export async function inChunks(
  bulk: Bulk,
  from: number,
  to: number,
  size: number,
  chunk: (from: number, to: number) => string,
): Promise<void> {
  for (let start = from; start <= to; start += size) await bulk.run(chunk(start, Math.min(to, start + size - 1)));
}

const FTS_TRIGGERS = ["webhook_events_fts_insert", "webhook_events_fts_delete", "webhook_events_fts_update"];

/**
 * Runs `load` with every secondary index of `tables` dropped (on PostgreSQL every index but the
 * primary key, unique ones and the GIN search index included; on SQLite also the search index's
 * triggers), then builds each once from its kept definition and analyses: one sorted build each is far
 * cheaper than millions of random index inserts (and a to_tsvector or FTS insert per row).
 */
export async function withoutSecondaryIndexes(
  bulk: Bulk,
  tables: readonly string[],
  load: () => Promise<void>,
): Promise<void> {
  const list = tables.map((t) => `'${t}'`).join(", ");
  const fts = bulk.provider === "sqlite" && tables.includes("webhook_events");
  const triggers = fts
    ? await bulk.query<{ sql: string }>(
        `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${FTS_TRIGGERS.map((t) => `'${t}'`).join(", ")})`,
      )
    : [];
  const indexes =
    bulk.provider === "sqlite"
      ? await bulk.query<{ name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${list}) AND sql IS NOT NULL`,
        )
      : (
          await bulk.query<{ indexname: string; indexdef: string }>(
            `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN (${list}) AND i.schemaname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`,
          )
        ).map((i) => ({ name: i.indexname, sql: i.indexdef }));
  for (const name of fts ? FTS_TRIGGERS : []) await bulk.run(`DROP TRIGGER IF EXISTS "${name}"`);
  for (const index of indexes) await bulk.run(`DROP INDEX "${index.name}"`);
  await load();
  for (const index of indexes) await bulk.run(index.sql);
  if (fts) await bulk.run(`INSERT INTO "webhook_events_fts" ("webhook_events_fts") VALUES ('rebuild')`);
  for (const t of triggers) await bulk.run(t.sql);
  await bulk.run(bulk.provider === "sqlite" ? "ANALYZE" : `ANALYZE ${tables.map((t) => `"${t}"`).join(", ")}`);
}

/** How many of each the scale stage seeds (tests/bench/scale.ts scaleCounts). */
export type EntityCounts = {
  workspaces: number;
  domains: number;
  mailboxes: number;
  consentRequests: number;
  clientIdRequests: number;
};

/**
 * Where each seeded entity lives, as SQL of its index: domain d in workspace d % workspaces, mailbox m
 * on domain m % domains (so in that domain's workspace), consent request r for mailbox r, client-ID
 * request r for mailbox consentRequests + r. Status events and mail refer to the same uids.
 */
export function entitySql(bulk: Bulk, c: EntityCounts) {
  const workspace = (d: string) => `'ws-' || ${bulk.pad(`(${d}) % ${c.workspaces}`, 4)}`;
  const domainName = (d: string) => `'customer' || (${d}) || '.example.com'`;
  const mailboxOf = {
    consent_request: (r: string) => `(${r}) % ${c.mailboxes}`,
    client_id_request: (r: string) => `(${c.consentRequests} + (${r})) % ${c.mailboxes}`,
  };
  return {
    workspace,
    domainName,
    domainUid: (d: string) => `'dom-' || ${bulk.pad(d, 5)}`,
    mailboxUid: (m: string) => `'mbx-' || ${bulk.pad(m, 6)}`,
    mailboxEmail: (m: string) => `'u' || (${m}) || '@' || ${domainName(`(${m}) % ${c.domains}`)}`,
    mailboxWorkspace: (m: string) => workspace(`(${m}) % ${c.domains}`),
    requestUid: {
      consent_request: (r: string) => `'cr-' || ${bulk.pad(r, 5)}`,
      client_id_request: (r: string) => `'cid-' || ${bulk.pad(r, 5)}`,
    },
    mailboxOf,
  };
}

const DAY = 86_400;
/** Mailboxes: 85 % active, the rest spread over setup and failure states (the first ten are still provisioning). */
const MAILBOX_OTHER = [...MAILBOX_PROVISIONING, "failed", "suspended", "inactive", "renewal_failed", "cancelled"];
const DOMAIN_OTHER = [
  "dns_setup_pending",
  "waiting_for_dns_propagation",
  "pending_activation",
  "expired_propagation",
  "payment_failed",
  "not_connected",
  "registration_in_progress",
  "inactive",
  "cancelled",
  "pending_payment",
];
const REQUEST_STATUSES = [
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "pending",
  "failed",
  "queued",
  "processing",
  "pending",
  "errored",
  "cancelled",
];

/**
 * Domains, mailboxes, consent and client-ID requests (entitySql), each in its current status since a
 * time within the last 30 days of `nowSeconds` (so some are over their attention budget).
 */
export async function insertEntities(bulk: Bulk, c: EntityCounts, nowSeconds: number): Promise<void> {
  const e = entitySql(bulk, c);
  const since = (i: string) => bulk.time(`${nowSeconds} - ((${i}) * 7919) % ${30 * DAY}`);
  const seen = (i: string) => bulk.time(`${nowSeconds} - ((${i}) * 7919) % ${30 * DAY} - ${3 * DAY}`);
  const status = (i: string, share: number, other: string[], usual: string) =>
    `CASE WHEN (${i}) % 100 < ${share} THEN '${usual}' ELSE ${pick(`(${i}) % ${other.length}`, other)} END`;
  const team = (ws: string) => `${ws}, 'team-' || ${ws}, 'Team ' || ${ws}`;
  const orderKey = (i: string, st: string) => `'0|' || ${since(i)} || '|000|' || ${st} || '|seed'`;
  await bulk.run(`INSERT INTO "domains" ("uid", "name", "tld", "status", "workspace_id", "team_id", "team_name",
      "last_occurred_at", "order_key", "first_seen_at", "updated_at", "status_since")
    SELECT ${e.domainUid("i")}, ${e.domainName("i")}, 'com', st, ${team(e.workspace("i"))},
      ${since("i")}, ${orderKey("i", "st")}, ${seen("i")}, ${since("i")}, ${since("i")}
    FROM (SELECT n AS i, ${status("n", 90, DOMAIN_OTHER, "active")} AS st FROM ${bulk.series(0, c.domains - 1)}) AS x`);
  const provisioning = MAILBOX_OTHER.slice(0, MAILBOX_PROVISIONING.length)
    .map((s) => `'${s}'`)
    .join(", ");
  await inChunks(
    bulk,
    0,
    c.mailboxes - 1,
    50_000,
    (from, to) => `INSERT INTO "mailboxes" ("uid", "email", "username", "first_name", "last_name", "status", "platform",
      "domain_id", "domain_name", "workspace_id", "team_id", "team_name", "last_occurred_at", "order_key", "first_seen_at",
      "updated_at", "status_since", "provisioning_since")
    SELECT ${e.mailboxUid("i")}, ${e.mailboxEmail("i")}, 'u' || i, 'First' || (i % 97), 'Last' || (i % 89), st,
      CASE WHEN i % 3 = 0 THEN 'MICROSOFT' ELSE 'GOOGLE' END, ${e.domainUid(`i % ${c.domains}`)},
      ${e.domainName(`i % ${c.domains}`)}, ${team(e.mailboxWorkspace("i"))},
      ${since("i")}, ${orderKey("i", "st")}, ${seen("i")}, ${since("i")}, ${since("i")},
      CASE WHEN st IN (${provisioning}) THEN ${since("i")} END
    FROM (SELECT n AS i, ${status("n", 85, MAILBOX_OTHER, "active")} AS st FROM ${bulk.series(from, to)}) AS x`,
  );
  const requests = [
    ["consent_requests", "consent_request", c.consentRequests],
    ["client_id_requests", "client_id_request", c.clientIdRequests],
  ] as const;
  for (const [table, type, count] of requests) {
    const m = e.mailboxOf[type]("i");
    const specific =
      type === "consent_request"
        ? {
            columns: `"consent_url"`,
            values: `CASE WHEN st IN ('pending', 'queued') THEN 'https://consent.example.com/c/' || i END`,
          }
        : {
            columns: `"domain_name", "client_id"`,
            values: `${e.domainName(`${m} % ${c.domains}`)}, '1' || ${bulk.pad("i", 11)}`,
          };
    await bulk.run(`INSERT INTO "${table}" ("uid", "status", ${specific.columns}, "mailbox_id", "workspace_id", "team_id",
        "team_name", "last_occurred_at", "order_key", "first_seen_at", "updated_at", "status_since", "completed_at")
      SELECT ${e.requestUid[type]("i")}, st, ${specific.values}, ${e.mailboxUid(m)}, ${team(e.mailboxWorkspace(m))},
        ${since("i")}, ${orderKey("i", "st")}, ${seen("i")}, ${since("i")}, ${since("i")},
        CASE WHEN st = 'completed' THEN ${since("i")} END
      FROM (SELECT n AS i, ${pick(`n % ${REQUEST_STATUSES.length}`, REQUEST_STATUSES)} AS st FROM ${bulk.series(0, count - 1)}) AS x`);
  }
}
