// Failures written down with the delivery that causes them. The scheduler reads the attention queue
// every 30 s (and about a second after each change), so a mailbox that fails and recovers in between
// would never be seen. Instead, the ingest transaction itself adds a trigger row when the entity it
// just wrote is in a failure state; the next evaluation turns each trigger into an alert (and, when
// the entity has moved on meanwhile, its resolution notice at once) and deletes it in the same
// transaction. A failure still open is left to the queue, so it is announced once either way; the
// scheduler reads the triggers before the queue, so "still open" is judged by a newer read.
import { Prisma } from "../generated/sqlite/client";
import type { Database } from "../db/client";
import { execute } from "../db/statement";
import { ENTITY_TABLE, type EntityType } from "../ordering";
import { DNS_PROPAGATION_FAILURES, FAILURE_STATES } from "../attention/budgets";
import { itemId, type AttentionItem } from "../attention/evaluate";
import { LABEL } from "../queries/attention-queue";

const TABLE = ENTITY_TABLE;

/**
 * The ingest statement (after the entity is written and its status_since computed): a trigger when
 * the entity is now in a failure state. Its key is the attention item's condition, so a duplicate or
 * a stale delivery adds nothing while the trigger waits.
 */
export function failureTriggerStatement(type: EntityType, uid: string, now: Date) {
  const failures = Prisma.join([...FAILURE_STATES[type]]);
  const dns = Prisma.join([...DNS_PROPAGATION_FAILURES]);
  const [status, failing] =
    type === "domain"
      ? [
          Prisma.sql`CASE WHEN t."status" IN (${failures}) THEN t."status" ELSE 'dns_propagation_' || t."dns_propagation_status" END`,
          Prisma.sql`(t."status" IN (${failures}) OR t."dns_propagation_status" IN (${dns}))`,
        ]
      : [Prisma.sql`t."status"`, Prisma.sql`t."status" IN (${failures})`];
  return execute(Prisma.sql`
    INSERT INTO "notification_triggers" ("entity_type", "entity_uid", "status", "status_since", "label", "workspace_id", "created_at")
    SELECT ${type}, t."uid", ${status}, COALESCE(t."status_since", t."last_occurred_at"), ${LABEL[type]}, t."workspace_id", ${now}
    FROM ${Prisma.raw(`"${TABLE[type]}"`)} t WHERE t."uid" = ${uid} AND ${failing}
    ON CONFLICT ("entity_type", "entity_uid", "status", "status_since") DO NOTHING`);
}

export type Trigger = {
  id: number;
  /** The attention item the failure was (critical, kind failed), as the queue would have shown it. */
  item: AttentionItem;
  /** The entity's status now (null when it is gone). */
  statusNow: string | null;
};

/** The waiting triggers, oldest first, as attention items at `now`. */
export async function pendingTriggers(db: Database, now: Date, take = 500): Promise<Trigger[]> {
  const rows = await db.prisma.notificationTrigger.findMany({ orderBy: { id: "asc" }, take });
  const statusNow = new Map<string, string>();
  for (const type of Object.keys(TABLE) as EntityType[]) {
    const uids = rows.filter((r) => r.entityType === type).map((r) => r.entityUid);
    if (!uids.length) continue;
    const found = await db.prisma.$queryRaw<{ uid: string; status: string }[]>`
      SELECT "uid", "status" FROM ${Prisma.raw(`"${TABLE[type]}"`)} WHERE "uid" IN (${Prisma.join(uids)})`;
    for (const f of found) statusNow.set(`${type}:${f.uid}`, f.status);
  }
  return rows.map((r) => ({
    id: r.id,
    statusNow: statusNow.get(`${r.entityType}:${r.entityUid}`) ?? null,
    item: {
      id: itemId("failed", [r.entityType, r.entityUid, r.status, r.statusSince.getTime()]),
      kind: "failed",
      entityType: r.entityType,
      uid: r.entityUid,
      label: r.label,
      workspaceId: r.workspaceId,
      status: r.status,
      since: r.statusSince.toISOString(),
      ageSeconds: Math.max(0, Math.floor((now.getTime() - r.statusSince.getTime()) / 1000)),
      budgetSeconds: null,
      severity: "critical",
      acknowledged: null,
      snoozedUntil: null,
    },
  }));
}

export const deleteTriggersStatement = (db: Database, ids: number[]) =>
  db.prisma.notificationTrigger.deleteMany({ where: { id: { in: ids } } });
