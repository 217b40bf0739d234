// Re-apply stored events: the event's stored payload is parsed again by today's parser and written
// through the ingest path (lib/ingest.ts reapplyInboxKit: the same conditional upsert under the same
// ordering rules and the same outcome rule, one transaction). A dry run computes the entity before and
// after without writing; applying is idempotent (a second call finds nothing to change and writes
// nothing). In bulk, events are taken oldest first and a dry run carries its simulated entities from
// one event to the next, so its count is the count an apply reports.
import { auditStatement } from "../audit/record";
import type { Operator } from "../auth/session";
import { config } from "../config";
import { database, type Database } from "../db/client";
import type { WebhookEvent } from "../generated/sqlite/client";
import { entityRow, reapplyInboxKit } from "../webhooks/inboxkit/ingest";
import { publish } from "../live/bus";
import type { ChangeNotice } from "../live/notice";
import { orderKey, type EntityType } from "../ordering";
import { matchingEventIds, type EventFilters } from "../queries/events";
import { parseJsonColumn } from "../queries/db";
import { parseInboxKit, type InboxKitDelivery } from "../webhooks/inboxkit/parse";

export type FieldChange = { field: string; before: unknown; after: unknown };

export type ReapplyResult =
  | {
      eventId: number;
      applicable: true;
      dryRun: boolean;
      entity: { type: EntityType; uid: string };
      /** Field-level difference of the entity, before → after (credentials are never fields). */
      changes: FieldChange[];
      outcome: { before: string; after: string };
      changed: boolean;
    }
  | { eventId: number; applicable: false; dryRun: boolean; reason: string };

type Row = Record<string, unknown>;
/**
 * Hidden from the diff: bookkeeping, not state (the order key shows as the vendor time and status),
 * the status clocks derived from all of an entity's events (lib/webhooks/status-since.ts), and a
 * mailbox's mail-health key and trouble verdict, caches of its Inkbox mail that any change clears for recomputing
 * (lib/queries/mail-order.ts, mail-verdict.ts).
 */
const BOOKKEEPING = new Set([
  "orderKey",
  "firstSeenAt",
  "updatedAt",
  "statusSince",
  "provisioningSince",
  "mailHealthKey",
  "mailHealthUntil",
  "mailVerdict",
  "mailVerdictSince",
  "mailVerdictUntil",
  "mailSeq",
]);

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const comparable = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

function readEntity(db: Database, type: EntityType, uid: string): Promise<Row | null> {
  const where = { where: { uid } };
  switch (type) {
    case "domain":
      return db.prisma.domain.findUnique(where);
    case "mailbox":
      return db.prisma.mailbox.findUnique(where);
    case "consent_request":
      return db.prisma.consentRequest.findUnique(where);
    case "client_id_request":
      return db.prisma.clientIdRequest.findUnique(where);
  }
}

/** The stored event as a delivery, or why it cannot be re-applied. */
function storedDelivery(e: WebhookEvent): { ok: true; delivery: InboxKitDelivery } | { ok: false; reason: string } {
  if (e.vendor !== "inboxkit") {
    return {
      ok: false,
      reason: "Inkbox events add mail activity and change no entity state: there is nothing to re-apply",
    };
  }
  if (e.payloadDroppedAt)
    return { ok: false, reason: "its payload was dropped by retention (EVENT_PAYLOAD_RETENTION_DAYS)" };
  const json = parseJsonColumn<unknown>(e.payload, null);
  const headers = parseJsonColumn<Record<string, string>>(e.headers, {});
  const parsed = parseInboxKit(json, {
    timestampHeader: headers["x-inboxkit-timestamp"] ?? null,
    receivedAt: e.receivedAt,
    fingerprintKey: config().CREDENTIAL_FINGERPRINT_KEY,
    rawBody: Buffer.from(e.payload),
  });
  if (!parsed.ok) return { ok: false, reason: `the stored payload does not parse: ${parsed.detail}` };
  const entity = parsed.delivery.entity;
  if (!entity) return { ok: false, reason: `${e.eventType} is not an event this version knows how to apply` };
  // The stored facts win over what the redacted payload can tell: its identity, time and fingerprint.
  return {
    ok: true,
    delivery: {
      ...parsed.delivery,
      occurredAt: e.occurredAt,
      dedupeKey: e.dedupeKey,
      credentialsFingerprint: e.credentialsFingerprint,
      entity: { ...entity, orderKey: orderKey(entity.type, entity.fields.status, e.occurredAt, e.dedupeKey) },
    } as InboxKitDelivery,
  };
}

/** What the conditional upsert would leave (pure): the row unchanged unless the event's order key is at least the held one. */
export function simulateApply(before: Row | null, d: InboxKitDelivery, receivedAt: Date): Row {
  const key = d.entity!.orderKey;
  if (before && Buffer.compare(Buffer.from(key), Buffer.from(String(before.orderKey))) < 0) return before;
  const columns = Object.fromEntries(Object.entries(entityRow(d, receivedAt)).map(([k, v]) => [camel(k), v]));
  return before ? { ...before, ...columns, firstSeenAt: before.firstSeenAt } : columns;
}

/** As lib/ingest.ts reapplyInboxKit decides it: `applied` when held; a formerly unknown event that lost is `stale`. */
export function reappliedOutcome(before: string, held: boolean): string {
  if (held) return "applied";
  return before === "ignored" ? "stale" : before;
}

export function fieldChanges(before: Row | null, after: Row): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])].filter((f) => !BOOKKEEPING.has(f));
  return fields
    .filter((f) => comparable(before?.[f]) !== comparable(after[f]))
    .map((f) => ({ field: f, before: comparable(before?.[f]), after: comparable(after[f]) }));
}

type Simulated = Map<string, Row | null>;

async function plan(db: Database, e: WebhookEvent, simulated?: Simulated) {
  const stored = storedDelivery(e);
  if (!stored.ok) return stored;
  const d = stored.delivery;
  const type = d.entity!.type;
  const uid = d.entity!.fields.uid;
  const cacheKey = `${type}:${uid}`;
  const before = simulated?.has(cacheKey) ? simulated.get(cacheKey)! : await readEntity(db, type, uid);
  const after = simulateApply(before, d, e.receivedAt);
  const outcome = { before: e.outcome, after: reappliedOutcome(e.outcome, after.orderKey === d.entity!.orderKey) };
  const changes = fieldChanges(before, after);
  const changed =
    changes.length > 0 ||
    comparable(before?.orderKey) !== comparable(after.orderKey) ||
    outcome.before !== outcome.after;
  return { ok: true as const, d, type, uid, cacheKey, before, after, changes, outcome, changed };
}

function noticeFor(d: InboxKitDelivery, eventId: number): ChangeNotice {
  return {
    kind: "event",
    vendor: "inboxkit",
    entityType: d.entity!.type,
    entityUid: d.entity!.fields.uid,
    workspaceId: d.workspaceId,
    eventId,
  };
}

async function reapplyEvent(
  db: Database,
  e: WebhookEvent,
  dryRun: boolean,
  operator: Operator,
  simulated?: Simulated,
): Promise<ReapplyResult> {
  const p = await plan(db, e, simulated);
  if (!p.ok) return { eventId: e.id, applicable: false, dryRun, reason: p.reason };
  const entity = { type: p.type, uid: p.uid };
  if (dryRun || !p.changed) {
    simulated?.set(p.cacheKey, p.after);
    return {
      eventId: e.id,
      applicable: true,
      dryRun,
      entity,
      changes: p.changes,
      outcome: p.outcome,
      changed: p.changed,
    };
  }
  const notice = noticeFor(p.d, e.id);
  const audit = auditStatement(
    db.prisma,
    operator,
    {
      action: "event.reapply",
      targetType: "event",
      targetId: String(e.id),
      workspaceId: p.d.workspaceId,
      summary: `Re-applied ${e.eventType} #${e.id} to ${p.type} ${p.uid}: ${p.changes.map((c) => c.field).join(", ") || "outcome"} changed`,
      detail: { changes: p.changes, outcome: p.outcome },
    },
    new Date(),
  );
  const result = await reapplyInboxKit(db, e.id, p.d, e.receivedAt, notice, [audit]);
  if (db.provider === "sqlite") publish(notice); // PostgreSQL: the transaction sent it (runIngest)
  const after = await readEntity(db, p.type, p.uid);
  const changes = after ? fieldChanges(p.before, after) : [];
  const outcome = { before: e.outcome, after: result.outcome };
  const changed =
    changes.length > 0 ||
    comparable(p.before?.orderKey) !== comparable(after?.orderKey) ||
    outcome.before !== outcome.after;
  return { eventId: e.id, applicable: true, dryRun, entity, changes, outcome, changed };
}

/** Re-applies one stored event; null when there is no such event. */
/** Re-applies one stored event for `operator` (a change is audit-logged in its transaction); null when there is no such event. */
export async function reapplyOne(id: number, dryRun: boolean, operator: Operator): Promise<ReapplyResult | null> {
  const db = database();
  await db.ready;
  const event = await db.prisma.webhookEvent.findUnique({ where: { id } });
  return event ? reapplyEvent(db, event, dryRun, operator) : null;
}

/** A bulk re-apply covers at most this many events (narrow the filters for more). */
export const BULK_REAPPLY_LIMIT = 5000;
const BATCH = 200;

export class TooManyEvents extends Error {}

export type BulkSummary = {
  dryRun: boolean;
  /** Events the filters match. */
  matched: number;
  /** Events whose re-apply changes (or, in a dry run, would change) their entity or outcome. */
  changed: number;
  unchanged: number;
  /** Events that cannot be re-applied, by reason. */
  notApplicable: Record<string, number>;
  /** The first changes, for a person to check before confirming. */
  sample: Extract<ReapplyResult, { applicable: true }>[];
};

/** Every event the filters match, oldest first. */
async function matchingIdsAscending(filters: EventFilters): Promise<number[]> {
  const ids: number[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await matchingEventIds(filters, { before, limit: 1000 });
    ids.push(...page);
    if (ids.length > BULK_REAPPLY_LIMIT) {
      throw new TooManyEvents(
        `the filters match more than ${BULK_REAPPLY_LIMIT} events; narrow them and re-apply in parts`,
      );
    }
    if (page.length < 1000) return ids.reverse();
    before = page.at(-1);
  }
}

export async function reapplyMatching(
  filters: EventFilters,
  dryRun: boolean,
  operator: Operator,
): Promise<BulkSummary> {
  const db = database();
  await db.ready;
  const ids = await matchingIdsAscending(filters);
  const simulated: Simulated | undefined = dryRun ? new Map() : undefined;
  const summary: BulkSummary = { dryRun, matched: ids.length, changed: 0, unchanged: 0, notApplicable: {}, sample: [] };
  for (let i = 0; i < ids.length; i += BATCH) {
    const events = await db.prisma.webhookEvent.findMany({
      where: { id: { in: ids.slice(i, i + BATCH) } },
      orderBy: { id: "asc" },
    });
    for (const event of events) {
      const result = await reapplyEvent(db, event, dryRun, operator, simulated);
      if (!result.applicable) summary.notApplicable[result.reason] = (summary.notApplicable[result.reason] ?? 0) + 1;
      else if (result.changed) {
        summary.changed += 1;
        if (summary.sample.length < 20) summary.sample.push(result);
      } else summary.unchanged += 1;
    }
  }
  if (!dryRun) {
    await auditStatement(
      db.prisma,
      operator,
      {
        action: "events.reapply",
        targetType: "events",
        targetId: JSON.stringify(filters).slice(0, 500),
        summary: `Re-applied ${summary.matched} events: ${summary.changed} changed, ${summary.unchanged} unchanged`,
        detail: {
          filters,
          changed: summary.changed,
          unchanged: summary.unchanged,
          notApplicable: summary.notApplicable,
        },
      },
      new Date(),
    );
  }
  return summary;
}
