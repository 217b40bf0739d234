// The attention queue's entity items (domains, mailboxes, consent and client-ID requests) computed
// set-based in the database: one SELECT per entity table whose WHERE is exactly the set of rows
// that give an item at `now` (lib/attention/evaluate.ts entityItem, the reference) and whose columns
// carry the item's kind, severity rank and `since` (capped at now), so the database orders, pages
// and counts the queue and only a page's rows reach JavaScript. There, `entityItem` itself turns each
// row into its item (label, status, budget, id), so the two cannot disagree on a shown item; the
// property test (tests/integration/attention-queue.test.ts) proves the SQL set, order and counts
// equal `evaluate` for random rows, budgets, handling and clocks.
//
// Boundaries, exactly as evaluate.ts counts them: age = whole seconds since `since`, an item past
// its budget B when age > B, i.e. since <= now - (B + 1) s; critical when since <= now - (2B + 1) s.
// Budgets and the clock are bound values. The status ranges keep the indexed (status, status_since)
// shape: `status_since <= cut OR (status_since IS NULL AND last_occurred_at <= cut)`.
import { Prisma } from "../generated/sqlite/client";
import type { Database } from "../db/client";
import { ENTITY_TABLE, type EntityType } from "../ordering";
import {
  CUSTOMER_ACTION_STATUS,
  DEFAULT_BUDGETS,
  DNS_PROPAGATION_FAILURES,
  FAILURE_STATES,
  isRequestType,
  MAILBOX_PROVISIONING,
  PROVISIONING,
  budgetKey,
  type Budgets,
} from "../attention/budgets";
import type { AttentionKind, EntityFact } from "../attention/evaluate";

export const ENTITY_TYPES = Object.keys(ENTITY_TABLE) as EntityType[];
const KINDS_OF: Record<EntityType, readonly AttentionKind[]> = {
  domain: ["failed", "stuck"],
  mailbox: ["failed", "stuck"],
  consent_request: ["failed", "customer_action", "stuck"],
  client_id_request: ["failed", "customer_action", "stuck"],
};

/** How the queue names each entity, as SQL over the entity row `t` (evaluate.ts labels; triggers use it too). */
export const LABEL: Record<EntityType, Prisma.Sql> = {
  domain: Prisma.sql`t."name"`,
  mailbox: Prisma.sql`t."email"`,
  consent_request: Prisma.sql`COALESCE(NULLIF((SELECT m."email" FROM "mailboxes" m WHERE m."uid" = t."mailbox_id"), ''), NULLIF(t."mailbox_id", ''), t."uid")`,
  client_id_request: Prisma.sql`COALESCE(NULLIF(t."domain_name", ''), t."uid")`,
};

/** The subject a newer request replaces an older one for (as the banners see it). */
const SUBJECT: Partial<Record<EntityType, string>> = {
  consent_request: "mailbox_id",
  client_id_request: "domain_name",
};

/** A row of the entity stream: the entity's facts plus the item's place in the queue. */
export type EntityRow = {
  entity_type: EntityType;
  uid: string;
  workspace_id: string | null;
  label: string;
  status: string;
  status_since: Date | string | null;
  last_occurred_at: Date | string;
  provisioning_since: Date | string | null;
  dns: string | null;
  kind: AttentionKind;
  sev: number | bigint;
  since: Date | string;
};

const asDate = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export function factOf(r: EntityRow): EntityFact {
  return {
    entityType: r.entity_type,
    uid: r.uid,
    status: r.status,
    statusSince: asDate(r.status_since),
    lastOccurredAt: new Date(r.last_occurred_at),
    workspaceId: r.workspace_id,
    label: r.label,
    provisioningSince: asDate(r.provisioning_since),
    dnsPropagationStatus: r.dns,
  };
}

export type Scope = {
  /** Only this workspace's rows. */
  workspace?: string;
  /** Only items of this kind. */
  kind?: AttentionKind;
  /** `type:uid` of entities whose item is acknowledged or snoozed now: left out. */
  exclude?: string[];
};

/** The SQL dialect bits the statements differ in. */
class Dialect {
  constructor(readonly pg: boolean) {}
  /** A bound time, typed for PostgreSQL's comparisons with TIMESTAMP(3) columns. */
  at(d: Date) {
    return this.pg ? Prisma.sql`CAST(${d} AS TIMESTAMP(3))` : Prisma.sql`${d}`;
  }
  nullOf(type: "TEXT" | "TIMESTAMP(3)") {
    return this.pg ? Prisma.raw(`CAST(NULL AS ${type})`) : Prisma.raw("NULL");
  }
  /** The elements of a bound JSON array of strings, as a subquery. */
  jsonList(values: string[]) {
    const json = JSON.stringify(values);
    return this.pg
      ? Prisma.sql`SELECT json_array_elements_text(CAST(${json} AS json))`
      : Prisma.sql`SELECT "value" FROM json_each(${json})`;
  }
  /** A text column compared by code unit (JavaScript's order): PostgreSQL's default collation is not. */
  bytes(column: string) {
    return Prisma.raw(this.pg ? `${column} COLLATE "C"` : column);
  }
}

const SINCE = Prisma.sql`COALESCE(t."status_since", t."last_occurred_at")`;
const list = (values: Iterable<string>) => Prisma.join([...values]);

/** The moment an age of `seconds` is exceeded: since <= cut  ⇔  whole seconds since > seconds. */
const cutoff = (now: Date, seconds: number) => new Date(now.getTime() - (seconds + 1) * 1000);

/** Statuses a type is "stuck" in past their budget (pending requests are customer action instead). */
export function stuckBudgets(type: EntityType, budgets: Budgets): { status: string; seconds: number }[] {
  return DEFAULT_BUDGETS.filter(
    (b) =>
      b.entityType === type &&
      b.status !== PROVISIONING &&
      !(isRequestType(type) && b.status === CUSTOMER_ACTION_STATUS),
  ).map((b) => ({ status: b.status, seconds: budgets.get(budgetKey(type, b.status))! }));
}

/** The SELECT of one entity table: every row that gives an item at `now`, with its queue columns. */
function entitySelect(type: EntityType, budgets: Budgets, now: Date, d: Dialect, extra: Prisma.Sql[]): Prisma.Sql {
  const at = (seconds: number) => d.at(cutoff(now, seconds));
  const older = (cut: Prisma.Sql) =>
    Prisma.sql`(t."status_since" <= ${cut} OR (t."status_since" IS NULL AND t."last_occurred_at" <= ${cut}))`;
  const stuck = stuckBudgets(type, budgets);
  const inStuck = stuck.map((b) => Prisma.sql`(t."status" = ${b.status} AND ${older(at(b.seconds))})`);
  // Severity of a row already past its status's budget: critical past twice it.
  const stuckSev = Prisma.sql`CASE t."status" ${Prisma.join(
    stuck.map((b) => Prisma.sql`WHEN ${b.status} THEN CASE WHEN ${SINCE} <= ${at(2 * b.seconds)} THEN 0 ELSE 1 END`),
    " ",
  )} END`;
  const failed =
    type === "domain"
      ? Prisma.sql`(t."status" IN (${list(FAILURE_STATES.domain)}) OR t."dns_propagation_status" IN (${list(DNS_PROPAGATION_FAILURES)}))`
      : Prisma.sql`t."status" IN (${list(FAILURE_STATES[type])})`;
  const now_ = d.at(now);
  const capped = (x: Prisma.Sql) => Prisma.sql`CASE WHEN ${x} > ${now_} THEN ${now_} ELSE ${x} END`;
  const scope = extra.length ? Prisma.sql` AND ${Prisma.join(extra, " AND ")}` : Prisma.empty;
  const common = Prisma.sql`t."uid", t."workspace_id", t."status", t."status_since", t."last_occurred_at"`;
  const table = Prisma.raw(`"${ENTITY_TABLE[type]}"`);

  if (type === "mailbox") {
    // A provisioning mailbox can also be past its whole-setup budget; the more severe condition
    // wins, its own status's on a tie (evaluate.ts entityItem).
    const whole = budgets.get(budgetKey("mailbox", PROVISIONING))!;
    const provisioning = Prisma.sql`t."status" IN (${list(MAILBOX_PROVISIONING)})`;
    const useWhole = Prisma.sql`(t."failed" = 0 AND t."whole_sev" IS NOT NULL AND (t."own_sev" IS NULL OR t."whole_sev" < t."own_sev"))`;
    return Prisma.sql`SELECT 'mailbox' AS "entity_type", ${common}, t."label", t."provisioning_since", ${d.nullOf("TEXT")} AS "dns",
        CASE WHEN t."failed" = 1 THEN 'failed' ELSE 'stuck' END AS "kind",
        CASE WHEN t."failed" = 1 THEN 0 WHEN ${useWhole} THEN t."whole_sev" ELSE t."own_sev" END AS "sev",
        CASE WHEN ${useWhole} THEN t."provisioning_since" ELSE ${capped(SINCE)} END AS "since"
      FROM (SELECT ${common}, t."email" AS "label", t."provisioning_since",
          CASE WHEN ${failed} THEN 1 ELSE 0 END AS "failed",
          CASE WHEN ${Prisma.join(inStuck, " OR ")} THEN ${stuckSev} END AS "own_sev",
          CASE WHEN ${provisioning} AND t."provisioning_since" <= ${at(2 * whole)} THEN 0
               WHEN ${provisioning} AND t."provisioning_since" <= ${at(whole)} THEN 1 END AS "whole_sev"
        FROM ${table} t
        WHERE (${failed} OR ${Prisma.join(inStuck, " OR ")} OR (${provisioning} AND t."provisioning_since" <= ${at(whole)}))${scope}) t`;
  }

  let kind = Prisma.sql`CASE WHEN ${failed} THEN 'failed' ELSE 'stuck' END`;
  let sev = Prisma.sql`CASE WHEN ${failed} THEN 0 ELSE ${stuckSev} END`;
  let where = Prisma.sql`(${failed} OR ${Prisma.join(inStuck, " OR ")})`;
  const subject = SUBJECT[type];
  if (subject) {
    // A pending request waits on the customer from the moment it turns pending (no lower bound),
    // unless a newer request for the same subject replaced it (then neither counts).
    const pending = budgets.get(budgetKey(type, CUSTOMER_ACTION_STATUS))!;
    const isPending = Prisma.sql`t."status" = ${CUSTOMER_ACTION_STATUS}`;
    const s = Prisma.raw(`"${subject}"`);
    kind = Prisma.sql`CASE WHEN ${failed} THEN 'failed' WHEN ${isPending} THEN 'customer_action' ELSE 'stuck' END`;
    sev = Prisma.sql`CASE WHEN ${failed} THEN 0 WHEN ${isPending} THEN CASE WHEN ${SINCE} <= ${at(2 * pending)} THEN 0 ELSE 1 END ELSE ${stuckSev} END`;
    where = Prisma.sql`(${failed} OR ${isPending} OR ${Prisma.join(inStuck, " OR ")})
      AND (t.${s} IS NULL OR t.${s} = '' OR NOT EXISTS (SELECT 1 FROM ${table} n WHERE n.${s} = t.${s} AND n."last_occurred_at" > t."last_occurred_at"))`;
  }
  const dns = type === "domain" ? Prisma.sql`t."dns_propagation_status"` : d.nullOf("TEXT");
  return Prisma.sql`SELECT ${Prisma.raw(`'${type}'`)} AS "entity_type", ${common}, ${LABEL[type]} AS "label", ${d.nullOf("TIMESTAMP(3)")} AS "provisioning_since",
      ${dns} AS "dns", ${kind} AS "kind", ${sev} AS "sev", ${capped(SINCE)} AS "since"
    FROM ${table} t WHERE ${where}${scope}`;
}

/** Every entity table's items as one relation `q`, filtered by the scope (and any `extra` per row). */
function stream(db: Database, budgets: Budgets, now: Date, scope: Scope, extra: Prisma.Sql[] = []) {
  const d = new Dialect(db.provider === "postgresql");
  const types = ENTITY_TYPES.filter((type) => !scope.kind || KINDS_OF[type].includes(scope.kind));
  const rowScope = [...extra, ...(scope.workspace ? [Prisma.sql`t."workspace_id" = ${scope.workspace}`] : [])];
  const union = Prisma.join(
    types.map((type) => entitySelect(type, budgets, now, d, rowScope)),
    " UNION ALL ",
  );
  const outer: Prisma.Sql[] = [];
  if (scope.kind) outer.push(Prisma.sql`q."kind" = ${scope.kind}`);
  if (scope.exclude?.length)
    outer.push(Prisma.sql`(q."entity_type" || ':' || q."uid") NOT IN (${d.jsonList(scope.exclude)})`);
  return { d, union, outer, empty: types.length === 0 };
}

const whereOf = (parts: Prisma.Sql[]) =>
  parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;

/** Where a page starts: the entity key of the last item shown (rows equal to it are re-read and dropped in JS). */
export type StreamCursor = { sev: number; since: Date; entityType: string; uid: string };

/**
 * Up to `limit` entity rows in queue order (severity, since, entity type, uid), from the cursor
 * on (inclusive: the caller drops rows not strictly after the full cursor).
 */
export async function entityRows(
  db: Database,
  budgets: Budgets,
  now: Date,
  scope: Scope,
  limit: number,
  from?: StreamCursor,
): Promise<EntityRow[]> {
  const { d, union, outer, empty } = stream(db, budgets, now, scope);
  if (empty) return [];
  if (from) {
    outer.push(
      Prisma.sql`(q."sev", q."since", ${d.bytes(`q."entity_type"`)}, ${d.bytes(`q."uid"`)}) >= (${from.sev}, ${d.at(from.since)}, ${from.entityType}, ${from.uid})`,
    );
  }
  return db.prisma.$queryRaw<EntityRow[]>`SELECT q.* FROM (${union}) q ${whereOf(outer)}
    ORDER BY q."sev", q."since", ${d.bytes(`q."entity_type"`)}, ${d.bytes(`q."uid"`)} LIMIT ${limit}`;
}

/** How many entity items the scope holds, per kind and severity rank. */
export async function entityCounts(
  db: Database,
  budgets: Budgets,
  now: Date,
  scope: Scope,
): Promise<{ kind: AttentionKind; sev: number; n: number }[]> {
  const { union, outer, empty } = stream(db, budgets, now, scope);
  if (empty) return [];
  const rows = await db.prisma.$queryRaw<{ kind: AttentionKind; sev: number | bigint; n: number | bigint }[]>`
    SELECT q."kind", q."sev", COUNT(*) AS "n" FROM (${union}) q ${whereOf(outer)} GROUP BY q."kind", q."sev"`;
  return rows.map((r) => ({ kind: r.kind, sev: Number(r.sev), n: Number(r.n) }));
}

/** The item rows of the named entities of one type (those that give an item now; others are absent). */
export async function rowsOf(
  db: Database,
  budgets: Budgets,
  now: Date,
  type: EntityType,
  uids: string[],
): Promise<EntityRow[]> {
  if (!uids.length) return [];
  const d = new Dialect(db.provider === "postgresql");
  return db.prisma.$queryRaw<EntityRow[]>`${entitySelect(type, budgets, now, d, [
    Prisma.sql`t."uid" IN (${d.jsonList(uids)})`,
  ])}`;
}

/**
 * One type's item rows in uid order after `afterUid`, `limit` at a time: the scheduler walks every
 * item this way, a bounded statement per page, instead of sorting the whole queue at once.
 */
export async function rowsByUid(
  db: Database,
  budgets: Budgets,
  now: Date,
  type: EntityType,
  afterUid: string | null,
  limit: number,
): Promise<EntityRow[]> {
  const d = new Dialect(db.provider === "postgresql");
  const after = afterUid === null ? [] : [Prisma.sql`${d.bytes(`t."uid"`)} > ${afterUid}`];
  return db.prisma.$queryRaw<EntityRow[]>`SELECT q.* FROM (${entitySelect(type, budgets, now, d, after)}) q
    ORDER BY ${d.bytes(`q."uid"`)} LIMIT ${limit}`;
}
