// Seeds a dedicated, migrated SQLite database for the read benchmarks: `mailboxes` mailboxes with
// `eventsPerMailbox` status events each, written with prepared statements in one transaction
// (seconds, not minutes). Dates use the format Prisma's SQLite adapter writes (ISO 8601, +00:00).
import BetterSqlite3 from "better-sqlite3";
import { LIFECYCLE } from "@/lib/ordering";
import { sqlitePath } from "@/lib/db/provider";

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
