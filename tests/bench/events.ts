// The event-log stage of `npm run bench` (BENCH_ONLY=events): seeds BENCH_EVENTS events (default
// 2,000,000) into a fresh, migrated database with one set-based INSERT … SELECT per chunk inside the
// database (tests/bench/seed.ts openBulk; the search index and the other secondary indexes are built
// once afterwards), then times the filtered event list and a free-text search through a running server.
// The status and mail event seeders here also serve the scale stage (tests/bench/scale.ts).
// Also (BENCH_ONLY=flood): 5,000 unsigned requests against the real cap of stored refusals.
import type { Provider } from "@/lib/db/provider";
import { inChunks, openBulk, pick, withoutSecondaryIndexes, type Bulk } from "./seed";

/** Words every payload carries one of (common), and one in RARE_EVERY payloads (rare). */
export const COMMON_WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
export const RARE_WORD = "quetzal";
export const RARE_EVERY = 10_000;
const CHUNK = 200_000;
/** The columns both seeders fill, in their SELECTs' order. */
const INSERT_EVENTS = `INSERT INTO "webhook_events" ("vendor", "event_type", "entity_type", "entity_uid", "status",
  "previous_status", "occurred_at", "occurred_at_source", "received_at", "dedupe_key", "duplicate_count", "last_seen_at",
  "outcome", "workspace_id", "team_id", "payload", "headers")`;
const BASE_SECONDS = Date.parse("2026-01-05T09:00:00.000Z") / 1000;

/**
 * Who status event n is about: `rows` is a SELECT over bulk.series(from, to) giving n, entity_type,
 * uid and ws (the workspace); event n happens at `startSeconds + n * stepSeconds` (epoch seconds).
 */
export type EventShape = {
  rows: (bulk: Bulk, from: number, to: number) => string;
  startSeconds: number;
  stepSeconds: number;
};

/** The event-log stage's events: mailbox/domain alternating over 20,000 entities in 50 workspaces, one second apart. */
export const EVENT_LOG_SHAPE: EventShape = {
  rows: (bulk, from, to) =>
    `SELECT n, CASE n % 2 WHEN 0 THEN 'mailbox' ELSE 'domain' END AS entity_type,
      'ent-' || ${bulk.pad("n % 20000", 5)} AS uid, 'ws-' || (n % 50) AS ws FROM ${bulk.series(from, to)}`,
  startSeconds: BASE_SECONDS,
  stepSeconds: 1,
};

/**
 * Status events 1 … count (`<type>.status_changed`, 4 statuses, every tenth stale): the payload is a
 * nested JSON with a common word and every RARE_EVERY-th a rare one, as deep inside as real
 * deliveries put custom fields; 1 in 1,000 was delivered twice (n % 1000 = 3: never a payload with
 * "echo", so `q=echo&duplicates=true` finds none).
 */
export function insertStatusEvents(bulk: Bulk, count: number, shape: EventShape): Promise<void> {
  const at = bulk.time(`${shape.startSeconds} + n * ${shape.stepSeconds}`);
  return inChunks(
    bulk,
    1,
    count,
    CHUNK,
    (from, to) => `${INSERT_EVENTS}
    SELECT 'inboxkit', entity_type || '.status_changed', entity_type, uid,
      ${pick("n % 4", ["active", "pending", "processing", "failed"])}, NULL,
      ${at}, 'metadata', ${at}, 'seed:' || n, CASE WHEN n % 1000 = 3 THEN 2 ELSE 1 END, ${at},
      CASE WHEN n % 10 = 0 THEN 'stale' ELSE 'applied' END, ws, 'team-1',
      '{"event":"' || entity_type || '.status_changed","data":{"entity":{"uid":"' || uid || '","custom_fields":{"crm":{"notes":["' ||
        CASE WHEN n % ${RARE_EVERY} = 0 THEN '${RARE_WORD} ' ELSE '' END || ${pick("n % 8", COMMON_WORDS)} || ' note ' || n || '"]}}}}}',
      '{"user-agent":"InboxKit-Webhook/1.0"}'
    FROM (${shape.rows(bulk, from, to)}) AS e`,
  );
}

/** Whose mail: mailbox m (0 … mailboxes − 1) has the address `email(m)` and the workspace `workspace(m)` (SQL of m). */
export type MailShape = {
  mailboxes: number;
  email: (bulk: Bulk, m: string) => string;
  workspace: (bulk: Bulk, m: string) => string;
  /** The mail spans [startSeconds, startSeconds + spanSeconds) (epoch seconds). */
  startSeconds: number;
  spanSeconds: number;
};

/**
 * Inkbox mail events 0 … count − 1 as the ingest route stores them (lib/webhooks/inkbox/ingest.ts):
 * message j = n / 2 of mailbox j % mailboxes is `message.sent`, then 30 s later `message.delivered`
 * or `message.bounced` (1 in 50, and 2 in 3 for every 200th mailbox, so some mailboxes are failing);
 * each event is a webhook_events row (entity mail_message, its redacted payload) and a mail_activity
 * row under the same dedupe key. The rollups are counted from the rows afterwards (insertMailRollups).
 */
export async function insertMailEvents(bulk: Bulk, count: number, shape: MailShape): Promise<void> {
  const step = shape.spanSeconds / Math.max(1, Math.ceil(count / 2));
  const rows = (from: number, to: number) => `SELECT n, j, m, email, ws,
      CASE WHEN e = 0 THEN 'sent' WHEN (m % 200 = 0 AND j % 3 <> 0) OR j % 50 = 0 THEN 'bounced' ELSE 'delivered' END AS kind,
      ${bulk.time(`${shape.startSeconds} + j * ${step} + e * 30`)} AS at
    FROM (SELECT n, j, e, m, ${shape.email(bulk, "m")} AS email, ${shape.workspace(bulk, "m")} AS ws
      FROM (SELECT n, n / 2 AS j, n % 2 AS e, (n / 2) % ${shape.mailboxes} AS m FROM ${bulk.series(from, to)}) AS a) AS b`;
  await inChunks(
    bulk,
    0,
    count - 1,
    CHUNK,
    (from, to) => `${INSERT_EVENTS}
    SELECT 'inkbox', 'message.' || kind, 'mail_message', email, kind, NULL, at, 'envelope', at, 'inkbox:event:evt_' || n, 1, at,
      'applied', ws, NULL,
      '{"id":"evt_' || n || '","event_type":"message.' || kind || '","data":{"message":{"id":"msg_' || j ||
        '","from_address":"' || email || '","to_addresses":["p' || j || '@prospect.example"],"cc_addresses":[],"subject":"Quick question ' ||
        (j % 100) || '","email_address":"' || email || '","direction":"outbound","status":"' || kind || '"}}}',
      '{"user-agent":"Inkbox-Webhooks/1.0"}'
    FROM (${rows(from, to)}) AS r;
    INSERT INTO "mail_activity" ("dedupe_key", "mailbox_email", "mailbox_email_source", "event_type", "message_uid",
      "direction", "status", "from_address", "to_addresses", "subject", "bounce_reason", "occurred_at", "received_at")
    SELECT 'inkbox:event:evt_' || n, email, 'email_address', 'message.' || kind, 'msg_' || j, 'outbound', kind, email,
      '["p' || j || '@prospect.example"]', 'Quick question ' || (j % 100),
      CASE WHEN kind = 'bounced' THEN '550 5.1.1 mailbox unavailable' END, at, at
    FROM (${rows(from, to)}) AS r`,
  );
}

/** mail_rollups counted from every mail_activity row, per address and UTC hour, as ingest keeps them. */
export function insertMailRollups(bulk: Bulk): Promise<void> {
  const kind = (k: string) => `SUM(CASE WHEN "event_type" = 'message.${k}' THEN 1 ELSE 0 END)`;
  return bulk.run(`INSERT INTO "mail_rollups" ("mailbox_email", "hour", "received", "sent", "delivered", "bounced", "failed",
      "forwarded", "last_occurred_at")
    SELECT "mailbox_email", ${bulk.hour(`"occurred_at"`)}, ${["received", "sent", "delivered", "bounced", "failed", "forwarded"].map(kind).join(", ")},
      MAX("occurred_at")
    FROM "mail_activity" GROUP BY 1, 2`);
}

/** Seeds `count` events of EVENT_LOG_SHAPE into a fresh, migrated database; returns the seconds taken. */
export async function seedEvents(provider: Provider, url: string, count: number): Promise<number> {
  const started = performance.now();
  const bulk = await openBulk(provider, url);
  try {
    await withoutSecondaryIndexes(bulk, ["webhook_events"], () => insertStatusEvents(bulk, count, EVENT_LOG_SHAPE));
  } finally {
    await bulk.close();
  }
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
  "duplicates only": "/api/events?duplicates=true&limit=50",
  "text search (common word) + duplicates only": "/api/events?q=echo&duplicates=true&limit=50",
} as const;
