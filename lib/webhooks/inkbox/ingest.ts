// One transaction per accepted Inkbox delivery (lib/webhooks/ingest.ts runIngest):
//   1. a known message event becomes one mail_activity row, keyed by the delivery's dedupe key
//      (ON CONFLICT DO NOTHING: a retry or replay adds nothing) counted into its hourly rollup, and
//      the address's mailbox (if any) is marked for a new mail-health order key (and trouble verdict);
//   2. the delivery is recorded in webhook_events (a duplicate only bumps duplicate_count), entity
//      `mail_message` + the mailbox email, so the mailbox page can merge it into its timeline; the
//      workspace is the InboxKit mailbox's with that address, when there is one.
// No state is overwritten, so arrival order does not matter: every event is kept with its own time.
import { Prisma } from "../../generated/sqlite/client";
import type { Database } from "../../db/client";
import { recordEventStatement, runIngest, type IngestResult } from "../ingest";
import { execute } from "../../db/statement";
import type { ChangeNotice } from "../../live/notice";
import { VERDICT_KINDS } from "../../queries/mail-verdict";
import { MAIL_ENTITY_TYPE, mailKindOf, type InkboxDelivery } from "./parse";

function activitySql(d: InkboxDelivery, receivedAt: Date) {
  const a = d.activity!;
  return Prisma.sql`
    INSERT INTO "mail_activity" ("dedupe_key", "mailbox_email", "mailbox_email_source", "event_type", "message_uid",
      "inkbox_mailbox_id", "thread_id", "rfc_message_id", "direction", "status", "from_address", "to_addresses", "cc_addresses",
      "subject", "has_attachments", "bounce_reason", "message_created_at", "occurred_at", "received_at")
    VALUES (${d.dedupeKey}, ${d.mailboxEmail}, ${d.mailboxSource}, ${d.eventType}, ${a.messageUid},
      ${a.inkboxMailboxId}, ${a.threadId}, ${a.rfcMessageId}, ${a.direction}, ${a.status}, ${a.fromAddress},
      ${JSON.stringify(a.toAddresses)}, ${JSON.stringify(a.ccAddresses)}, ${a.subject}, ${a.hasAttachments}, ${a.bounceReason},
      ${a.messageCreatedAt}, ${d.occurredAt}, ${receivedAt})
    ON CONFLICT ("dedupe_key") DO NOTHING`;
}

const HOUR_MS = 3_600_000;
export const hourOf = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/**
 * Counts a known message event into its mailbox's hourly rollup, only when its mail_activity row is
 * new. PostgreSQL: one statement that inserts the activity and counts what it inserted (concurrent
 * identical deliveries cannot both count). SQLite: writers are serialised, so the rollup is counted
 * first, when no activity row with that key exists yet, then the activity row is inserted.
 */
function countedActivityStatements(db: Database, d: InkboxDelivery, receivedAt: Date) {
  const kind = mailKindOf(d.eventType);
  const hour = hourOf(d.occurredAt);
  const one = (column: string) => (column === kind ? 1 : 0);
  const values = Prisma.sql`${d.mailboxEmail}, ${hour}, ${one("received")}, ${one("sent")}, ${one("delivered")},
    ${one("bounced")}, ${one("failed")}, ${one("forwarded")}, ${d.occurredAt}`;
  const upsert = Prisma.sql`ON CONFLICT ("mailbox_email", "hour") DO UPDATE SET
      "received" = "mail_rollups"."received" + excluded."received", "sent" = "mail_rollups"."sent" + excluded."sent",
      "delivered" = "mail_rollups"."delivered" + excluded."delivered", "bounced" = "mail_rollups"."bounced" + excluded."bounced",
      "failed" = "mail_rollups"."failed" + excluded."failed", "forwarded" = "mail_rollups"."forwarded" + excluded."forwarded",
      "last_occurred_at" = CASE WHEN excluded."last_occurred_at" > "mail_rollups"."last_occurred_at"
        THEN excluded."last_occurred_at" ELSE "mail_rollups"."last_occurred_at" END`;
  const columns = Prisma.sql`("mailbox_email", "hour", "received", "sent", "delivered", "bounced", "failed", "forwarded", "last_occurred_at")`;
  if (db.provider === "postgresql") {
    return [
      execute(Prisma.sql`WITH inserted AS (${activitySql(d, receivedAt)} RETURNING 1)
        INSERT INTO "mail_rollups" ${columns} SELECT ${values} FROM inserted ${upsert}`),
    ];
  }
  return [
    execute(Prisma.sql`INSERT INTO "mail_rollups" ${columns}
      SELECT ${values} WHERE NOT EXISTS (SELECT 1 FROM "mail_activity" WHERE "dedupe_key" = ${d.dedupeKey}) ${upsert}`),
    execute(activitySql(d, receivedAt)),
  ];
}

/**
 * The mailbox with this address gets its mail-health order key computed again on the next sorted read
 * (lib/queries/mail-order.ts), and its mail trouble verdict (lib/queries/mail-verdict.ts) when this
 * mail is an outbound outcome: the verdict counts only delivered, bounced and failed mail (any other
 * kind changes neither failing / bounces rising nor since when). The bumped sequence stops a
 * computation that read the rollups before this transaction from writing its key or verdict.
 */
function mailOrderStaleStatement(d: InkboxDelivery) {
  const verdict = (VERDICT_KINDS as readonly string[]).includes(mailKindOf(d.eventType))
    ? Prisma.sql`, "mail_verdict_until" = NULL`
    : Prisma.empty;
  return execute(Prisma.sql`UPDATE "mailboxes" SET "mail_health_until" = NULL${verdict}, "mail_seq" = "mail_seq" + 1
    WHERE "email" = ${d.mailboxEmail}`);
}

function recordStatement(d: InkboxDelivery, receivedAt: Date) {
  const workspaceId = d.mailboxEmail
    ? Prisma.sql`(SELECT "workspace_id" FROM "mailboxes" WHERE "email" = ${d.mailboxEmail} AND "workspace_id" IS NOT NULL LIMIT 1)`
    : null;
  return recordEventStatement(
    {
      vendor: d.vendor,
      eventType: d.eventType,
      entityType: d.mailboxEmail ? MAIL_ENTITY_TYPE : null,
      entityUid: d.mailboxEmail,
      status: d.known ? mailKindOf(d.eventType) : null,
      previousStatus: null,
      occurredAt: d.occurredAt,
      occurredAtSource: d.occurredAtSource,
      dedupeKey: d.dedupeKey,
      outcome: d.activity ? Prisma.sql`'applied'` : Prisma.sql`'ignored'`,
      workspaceId,
      teamId: null,
      credentialsFingerprint: null,
      payload: d.payload,
      headers: d.requestHeaders ?? null,
    },
    receivedAt,
  );
}

export function ingestInkbox(
  db: Database,
  d: InkboxDelivery,
  receivedAt: Date,
  notice: ChangeNotice,
): Promise<IngestResult> {
  const record = recordStatement(d, receivedAt);
  return runIngest(
    db,
    d.activity ? [...countedActivityStatements(db, d, receivedAt), mailOrderStaleStatement(d), record] : [record],
    notice,
  );
}
