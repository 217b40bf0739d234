// When did an entity enter its current status? The vendor time of the first event with the current
// status after the last event with a different one (events in vendor-time order, up to the event
// that holds the state). Kept in `status_since` by the ingest transaction, right after the event is
// recorded, so a late delivery (stale or not) is counted where it belongs in time: it never resets
// the clock, and a late earlier event of the same status moves it back. Mailboxes also keep
// `provisioning_since`: the same rule over all provisioning statuses together (null when the mailbox
// is not provisioning). The same SQL backfilled existing rows (migration 20261201174800_attention).
import { Prisma } from "../generated/sqlite/client";
import { execute } from "../db/statement";
import { ENTITY_TABLE, type EntityType } from "../ordering";
import { MAILBOX_PROVISIONING } from "../attention/budgets";

const TABLE = ENTITY_TABLE;

/** First time an event matching `inRun` follows the last event not matching it, at or before the current state's event. */
function runStart(
  type: EntityType,
  table: Prisma.Sql,
  inRun: (alias: string) => Prisma.Sql,
  outOfRun: (alias: string) => Prisma.Sql,
) {
  return Prisma.sql`(
    SELECT MIN(e."occurred_at") FROM "webhook_events" e
    WHERE e."entity_type" = ${type} AND e."entity_uid" = ${table}."uid" AND ${inRun("e")}
      AND e."occurred_at" >= COALESCE((
        SELECT MAX(d."occurred_at") FROM "webhook_events" d
        WHERE d."entity_type" = ${type} AND d."entity_uid" = ${table}."uid" AND ${outOfRun("d")}
          AND d."occurred_at" <= ${table}."last_occurred_at"), e."occurred_at"))`;
}

/** Recomputes `status_since` (and a mailbox's `provisioning_since`) of one entity; runs after its event is recorded. */
export function statusSinceStatement(type: EntityType, uid: string) {
  const table = Prisma.raw(`"${TABLE[type]}"`);
  const col = (alias: string) => Prisma.raw(`${alias}."status"`);
  const since = runStart(
    type,
    table,
    (a) => Prisma.sql`${col(a)} = ${table}."status"`,
    (a) => Prisma.sql`${col(a)} <> ${table}."status"`,
  );
  if (type !== "mailbox") {
    return execute(
      Prisma.sql`UPDATE ${table} SET "status_since" = COALESCE(${since}, "last_occurred_at") WHERE "uid" = ${uid}`,
    );
  }
  const provisioning = Prisma.join([...MAILBOX_PROVISIONING]);
  const setup = runStart(
    type,
    table,
    (a) => Prisma.sql`${col(a)} IN (${provisioning})`,
    (a) => Prisma.sql`${col(a)} NOT IN (${provisioning})`,
  );
  return execute(Prisma.sql`UPDATE ${table} SET "status_since" = COALESCE(${since}, "last_occurred_at"),
    "provisioning_since" = CASE WHEN "status" IN (${provisioning}) THEN COALESCE(${setup}, "last_occurred_at") ELSE NULL END
    WHERE "uid" = ${uid}`);
}
