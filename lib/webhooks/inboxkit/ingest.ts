// One transaction per accepted InboxKit delivery (lib/webhooks/ingest.ts runIngest):
//   1. apply it to the entity, only if it wins under lib/ordering.ts (a conditional upsert: the
//      database compares order keys, so concurrent instances cannot lose an update);
//   2. record the event (unique dedupe key: a duplicate only bumps duplicate_count and last_seen_at),
//      with outcome `applied` when the entity now holds this event, else `stale`;
//   3. keep status_since, and write a notification trigger when the entity is now in a failure state
//      (lib/notify/triggers.ts), so the alert does not depend on the scheduler seeing the state.
// Step 1 is idempotent (a duplicate's order key never beats the one already stored), so a duplicate
// changes nothing but its count. Both statements run in one batch transaction: one round trip.
import { Prisma } from "../../generated/sqlite/client";
import type { Database } from "../../db/client";
import { ENTITY_TABLE } from "../../ordering";
import type { ChangeNotice } from "../../live/notice";
import { ident, recordEventStatement, runIngest, type IngestResult } from "../ingest";
import { execute, query, type Statement } from "../../db/statement";
import { statusSinceStatement } from "../status-since";
import { failureTriggerStatement } from "../../notify/triggers";
import type { InboxKitDelivery, InboxKitEntity } from "./parse";

const TABLE = ENTITY_TABLE;

type Columns = Record<string, string | number | boolean | Date | null>;

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
const list = (items: string[]) => JSON.stringify(items);

/** The entity's own columns, from the vendor's fields and the envelope's metadata. */
function entityColumns(entity: InboxKitEntity, d: InboxKitDelivery): Columns {
  const identity = { status: entity.fields.status, previous_status: entity.fields.previous_status ?? null };
  switch (entity.type) {
    case "domain": {
      const f = entity.fields;
      return {
        ...identity,
        name: f.name,
        tld: f.tld,
        dns_propagation_status: f.dns_propagation_status ?? null,
        nameservers: list(f.nameservers),
        renewal_date: date(f.renewal_date),
        renewal_status: f.renewal_status ?? null,
        registration_years: f.registration_years ?? null,
        registration_date: date(f.registration_date),
        price: f.price ?? null,
        connection_type: f.connection_type ?? null,
        forwarding_url: f.forwarding_url ?? null,
        forwarding_email: f.forwarding_email ?? null,
        forwarding_status: f.forwarding_status ?? null,
        enable_mask_forwarding: f.enable_mask_forwarding ?? null,
        dmarc_email: f.dmarc_email ?? null,
        catch_all_email: f.catch_all_email ?? null,
        assigned_mailboxes: f.assigned_mailboxes ?? null,
        available_mailboxes: f.available_mailboxes ?? null,
        tags: list(f.tags),
      };
    }
    case "mailbox": {
      const f = entity.fields;
      return {
        ...identity,
        email: f.email,
        username: f.username,
        first_name: f.first_name ?? null,
        last_name: f.last_name ?? null,
        profile_picture: f.profile_picture ?? null,
        platform: f.platform ?? null,
        renewal_date: date(f.renewal_date),
        renewal_status: f.renewal_status ?? null,
        is_admin: f.is_admin ?? null,
        is_add_on: f.is_add_on ?? null,
        credentials_fingerprint: d.credentialsFingerprint,
        domain_id: d.metadata.domain_id ?? null,
        domain_name: d.metadata.domain_name ?? (f.email.includes("@") ? f.email.split("@").pop()! : null),
        // the address may have changed: the list's mail order and the mail trouble verdict are computed again
        mail_health_until: null,
        mail_verdict_until: null,
      };
    }
    case "consent_request":
    case "client_id_request": {
      const f = entity.fields;
      const request = {
        ...identity,
        status_text: f.status_text ?? null,
        status_reason: f.status_reason ?? null,
        retry_count: f.retry_count ?? null,
        max_retries: f.max_retries ?? null,
        completed_at: date(f.completed_at),
        mailbox_id: d.metadata.mailbox_id ?? null,
      };
      return entity.type === "consent_request"
        ? { ...request, consent_url: entity.fields.consent_url ?? null }
        : { ...request, domain_name: entity.fields.domain_name ?? null, client_id: entity.fields.client_id ?? null };
    }
  }
}

/** The entity row a delivery writes (column names as in the database). */
export function entityRow(d: InboxKitDelivery, receivedAt: Date): Columns {
  const entity = d.entity!;
  return {
    uid: entity.fields.uid,
    ...entityColumns(entity, d),
    change_details: d.changeDetails,
    workspace_id: d.workspaceId,
    team_id: d.teamId,
    team_name: d.teamName,
    last_occurred_at: d.occurredAt,
    order_key: entity.orderKey,
    first_seen_at: receivedAt,
    updated_at: receivedAt,
  };
}

/**
 * The conditional upsert: the row changes only when the delivery's order key beats the one held
 * (`atLeast`: or equals it, so re-applying the event the entity holds rewrites it with today's parsing;
 * a re-apply is of a recorded event). A delivery whose event is already recorded is a duplicate and
 * changes nothing, even when its order key would win: a retry of a body without a vendor time carries
 * a later header or receipt time than the original.
 */
export function applyStatement(db: Database, d: InboxKitDelivery, receivedAt: Date, atLeast = false) {
  const table = TABLE[d.entity!.type];
  const columns = entityRow(d, receivedAt);
  const names = Object.keys(columns);
  const updated = names.filter((n) => n !== "uid" && n !== "first_seen_at");
  // Order keys compare bytewise; PostgreSQL's default collation would not, so it is told.
  const collate = Prisma.raw(db.provider === "postgresql" ? ` COLLATE "C"` : "");
  return execute(Prisma.sql`
    INSERT INTO ${ident(table)} (${Prisma.join(names.map(ident))})
    VALUES (${Prisma.join(names.map((n) => columns[n]))})
    ON CONFLICT ("uid") DO UPDATE SET ${Prisma.join(updated.map((n) => Prisma.sql`${ident(n)} = excluded.${ident(n)}`))}
    WHERE excluded."order_key"${collate} ${Prisma.raw(atLeast ? ">=" : ">")} ${ident(table)}."order_key"${collate}
      ${atLeast ? Prisma.empty : Prisma.sql`AND NOT EXISTS (SELECT 1 FROM "webhook_events" WHERE "dedupe_key" = ${d.dedupeKey})`}`);
}

/** `applied` when the entity now holds this delivery, else `stale`; `ignored` for an event we cannot apply. */
function outcomeOf(d: InboxKitDelivery): Prisma.Sql {
  const entity = d.entity;
  return entity
    ? Prisma.sql`CASE WHEN (SELECT "order_key" FROM ${ident(TABLE[entity.type])} WHERE "uid" = ${entity.fields.uid}) = ${entity.orderKey} THEN 'applied' ELSE 'stale' END`
    : Prisma.sql`'ignored'`;
}

function recordStatement(d: InboxKitDelivery, receivedAt: Date) {
  const entity = d.entity;
  const outcome = outcomeOf(d);
  return recordEventStatement(
    {
      vendor: d.vendor,
      eventType: d.eventType,
      entityType: entity?.type ?? null,
      entityUid: entity?.fields.uid ?? null,
      status: entity?.fields.status ?? null,
      previousStatus: entity?.fields.previous_status ?? null,
      occurredAt: d.occurredAt,
      occurredAtSource: d.occurredAtSource,
      dedupeKey: d.dedupeKey,
      outcome,
      workspaceId: d.workspaceId,
      teamId: d.teamId,
      credentialsFingerprint: d.credentialsFingerprint,
      payload: d.payload,
      headers: d.requestHeaders ?? null,
      flags: d.flags,
    },
    receivedAt,
  );
}

/**
 * Re-applies a stored event (lib/events/reapply.ts): the same conditional upsert, in one transaction
 * (runIngest) with the event's outcome: `applied` when the entity now holds it; an event that was
 * `ignored` (unknown then) and does not win is `stale`; otherwise its outcome stays what it was when it
 * arrived. Its count and times do not change: it is not a new delivery. status_since follows, as on ingest.
 */
export function reapplyInboxKit(
  db: Database,
  eventId: number,
  d: InboxKitDelivery,
  receivedAt: Date,
  notice: ChangeNotice,
  /** Written in the same transaction (the audit entry of the operator's action). */
  alongside: Statement[] = [],
): Promise<IngestResult> {
  const entity = d.entity!;
  const outcome = query(Prisma.sql`
    UPDATE "webhook_events" SET "outcome" = CASE
        WHEN (SELECT "order_key" FROM ${ident(TABLE[entity.type])} WHERE "uid" = ${entity.fields.uid}) = ${entity.orderKey} THEN 'applied'
        WHEN "outcome" = 'ignored' THEN 'stale' ELSE "outcome" END
      WHERE "id" = ${eventId}
    RETURNING "id", "outcome", "duplicate_count"`);
  const statements = [
    applyStatement(db, d, receivedAt, true),
    outcome,
    statusSinceStatement(entity.type, entity.fields.uid),
    failureTriggerStatement(entity.type, entity.fields.uid, receivedAt),
    ...alongside,
  ];
  return runIngest(db, statements, notice, 1);
}

export function ingestInboxKit(
  db: Database,
  d: InboxKitDelivery,
  receivedAt: Date,
  notice: ChangeNotice,
): Promise<IngestResult> {
  const record = recordStatement(d, receivedAt);
  if (!d.entity) return runIngest(db, [record], notice);
  return runIngest(
    db,
    [
      applyStatement(db, d, receivedAt),
      record,
      statusSinceStatement(d.entity.type, d.entity.fields.uid),
      failureTriggerStatement(d.entity.type, d.entity.fields.uid, receivedAt),
    ],
    notice,
    1,
  );
}
