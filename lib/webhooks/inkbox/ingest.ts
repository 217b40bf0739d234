// One transaction per accepted Inkbox delivery (lib/webhooks/ingest.ts runIngest):
//   1. a known message event becomes one mail_activity row, keyed by the delivery's dedupe key
//      (ON CONFLICT DO NOTHING: a retry or replay adds nothing);
//   2. the delivery is recorded in webhook_events (a duplicate only bumps duplicate_count), entity
//      `mail_message` + the mailbox email, so the mailbox page can merge it into its timeline; the
//      workspace is the InboxKit mailbox's with that address, when there is one.
// No state is overwritten, so arrival order does not matter: every event is kept with its own time.
import { Prisma } from "../../generated/sqlite/client";
import type { Database } from "../../db/client";
import { recordEventStatement, runIngest, type IngestResult } from "../ingest";
import type { ChangeNotice } from "../../live/notice";
import { MAIL_ENTITY_TYPE, mailKindOf, type InkboxDelivery } from "./parse";

function activityStatement(db: Database, d: InkboxDelivery, receivedAt: Date) {
  const a = d.activity!;
  return db.prisma.$executeRaw`
    INSERT INTO "mail_activity" ("dedupe_key", "mailbox_email", "mailbox_email_source", "event_type", "message_uid",
      "inkbox_mailbox_id", "thread_id", "rfc_message_id", "direction", "status", "from_address", "to_addresses", "cc_addresses",
      "subject", "has_attachments", "bounce_reason", "message_created_at", "occurred_at", "received_at")
    VALUES (${d.dedupeKey}, ${d.mailboxEmail}, ${d.mailboxSource}, ${d.eventType}, ${a.messageUid},
      ${a.inkboxMailboxId}, ${a.threadId}, ${a.rfcMessageId}, ${a.direction}, ${a.status}, ${a.fromAddress},
      ${JSON.stringify(a.toAddresses)}, ${JSON.stringify(a.ccAddresses)}, ${a.subject}, ${a.hasAttachments}, ${a.bounceReason},
      ${a.messageCreatedAt}, ${d.occurredAt}, ${receivedAt})
    ON CONFLICT ("dedupe_key") DO NOTHING`;
}

function recordStatement(db: Database, d: InkboxDelivery, receivedAt: Date) {
  const workspaceId = d.mailboxEmail
    ? Prisma.sql`(SELECT "workspace_id" FROM "mailboxes" WHERE "email" = ${d.mailboxEmail} AND "workspace_id" IS NOT NULL LIMIT 1)`
    : null;
  return recordEventStatement(
    db,
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
  const record = recordStatement(db, d, receivedAt);
  return runIngest(db, d.activity ? [activityStatement(db, d, receivedAt), record] : [record], notice);
}
