// The attention queue's entity items (domains, mailboxes, consent and client-ID requests) computed
// set-based in the database. entitySelect is the general form: one SELECT per entity table whose
// WHERE is exactly the set of rows that give an item at `now` (lib/attention/evaluate.ts
// entityItem, the reference) and whose columns carry the item's kind, severity rank and `since`
// (capped at now). Pages and counts read the same set as index ranges ("bands", bandsOf): each a
// kind and severity over a (status, status_since) range, read at most a page at a time along the
// index and counted from it, so neither sorts nor counts every candidate row (37,336 at 100,000
// mailboxes); rows the bands cannot hold (status_since missing or in the future) go through
// entitySelect. Only a page's rows reach JavaScript, where `entityItem` itself turns each row into
// its item (label, status, budget, id), so the two cannot disagree on a shown item; the property
// test (tests/integration/attention-queue.test.ts) proves the SQL set, order and counts equal
// `evaluate` for random rows, budgets, handling and clocks, and for rows on the bands' edges.
//
// Boundaries, exactly as evaluate.ts counts them: age = whole seconds since `since`, an item past
// its budget B when age > B, i.e. since <= now - (B + 1) s; critical when since <= now - (2B + 1) s.
// Budgets and the clock are bound values.
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

/**
 * The queue of one table as index ranges ("bands"), each holding rows whose item has one kind and
 * severity, ordered within it by its `since`:
 *  - status bands: one status, status_since in (lo, hi]: read along the (status, status_since) index;
 *  - special bands (a domain failed by its DNS propagation; a mailbox past its whole-setup budget):
 *    their own predicate and order column.
 * Every band holds rows whose status_since is set and not after now (their since is then the
 * column, uncapped); the others (a row from before the column, a vendor time in the future: none
 * or a few) are the `odd` rows, evaluated by entitySelect's general CASE expressions. Together
 * they are exactly the rows entitySelect gives an item, each with its kind and severity.
 */
type StatusBand = { kind: AttentionKind; sev: 0 | 1; status: string; lo: Date; hi: Date; dns: boolean; whole: boolean };
type SpecialBand = { kind: AttentionKind; sev: 0 | 1; where: Prisma.Sql; order: Prisma.Sql };
type Bands = { type: EntityType; status: StatusBand[]; special: SpecialBand[] };

/** Before any vendor time: the open lower end of a band. */
const BEGINNING = new Date("0001-01-01T00:00:00.000Z");
const STATUS_SINCE = Prisma.raw(`t."status_since"`);
const PROVISIONING_SINCE = Prisma.raw(`t."provisioning_since"`);
const literal = (value: string) => Prisma.raw(`'${value.replace(/'/g, "''")}'`);
const literals = (values: Iterable<string>) => Prisma.join([...values].map(literal));
const flag = (on: boolean) => Prisma.raw(on ? "1" : "0");

const dnsFailed = Prisma.sql`t."dns_propagation_status" IN (${literals(DNS_PROPAGATION_FAILURES)})`;

/** Rows the bands leave to entitySelect: status_since unknown or after now. */
const odd = (d: Dialect, now: Date) => Prisma.sql`(t."status_since" IS NULL OR t."status_since" > ${d.at(now)})`;

/**
 * The types that have odd rows now, one statement along the status_since indexes. Ingest sets
 * status_since on every row, so usually none: then their general statement (the largest part of
 * the page and count statements, and of PostgreSQL's planning) is left out.
 */
async function withOddRows(db: Database, d: Dialect, now: Date, types: EntityType[]): Promise<Set<string>> {
  const probes = types.map(
    (type) =>
      Prisma.sql`SELECT ${literal(type)} AS "type" WHERE EXISTS (SELECT 1 FROM ${Prisma.raw(`"${ENTITY_TABLE[type]}"`)} t WHERE ${odd(d, now)})`,
  );
  const rows = await db.prisma.$queryRaw<{ type: string }[]>`${Prisma.join(probes, " UNION ALL ")}`;
  return new Set(rows.map((r) => r.type));
}

function bandsOf(type: EntityType, budgets: Budgets, now: Date, d: Dialect): Bands {
  const cut = (seconds: number) => cutoff(now, seconds);
  const status: StatusBand[] = [];
  const add = (kind: AttentionKind, sev: 0 | 1, of: string, lo: Date, hi: Date, dns = false, whole = false) =>
    status.push({ kind, sev, status: of, lo, hi, dns, whole });
  for (const f of FAILURE_STATES[type]) add("failed", 0, f, BEGINNING, now);
  if (isRequestType(type)) {
    // A pending request waits on the customer from the moment it turns pending (no lower bound).
    const pending = budgets.get(budgetKey(type, CUSTOMER_ACTION_STATUS))!;
    add("customer_action", 0, CUSTOMER_ACTION_STATUS, BEGINNING, cut(2 * pending));
    add("customer_action", 1, CUSTOMER_ACTION_STATUS, cut(2 * pending), now);
  }
  const stuck = stuckBudgets(type, budgets);
  for (const b of stuck) {
    // A domain failed by its DNS propagation is a failed item whatever its status (special band).
    add("stuck", 0, b.status, BEGINNING, cut(2 * b.seconds), type === "domain");
    add("stuck", 1, b.status, cut(2 * b.seconds), cut(b.seconds), type === "domain", type === "mailbox");
  }
  const special: SpecialBand[] = [];
  const normal = Prisma.sql`t."status_since" <= ${d.at(now)}`;
  if (type === "domain") {
    // One band per DNS failure value: along the (dns_propagation_status, status_since) index.
    for (const dns of DNS_PROPAGATION_FAILURES)
      special.push({
        kind: "failed",
        sev: 0,
        where: Prisma.sql`${normal} AND t."status" NOT IN (${literals(FAILURE_STATES.domain)}) AND t."dns_propagation_status" = ${literal(dns)}`,
        order: STATUS_SINCE,
      });
  }
  if (type === "mailbox") {
    // Past the whole-setup budget, the item is the setup's when that is more severe than the
    // status's own (critical over an own warning or none, a warning only over none).
    const whole = budgets.get(budgetKey("mailbox", PROVISIONING))!;
    const ownBelow = (sev: 0 | 1) =>
      Prisma.join(
        stuck.map(
          (b) =>
            Prisma.sql`(t."status" = ${literal(b.status)} AND t."status_since" > ${d.at(cut((2 - sev) * b.seconds))})`,
        ),
        " OR ",
      );
    const setup = (sev: 0 | 1, range: Prisma.Sql) => ({
      kind: "stuck" as const,
      sev,
      where: Prisma.sql`${normal} AND t."status" IN (${literals(MAILBOX_PROVISIONING)}) AND ${range} AND (${ownBelow(sev)})`,
      order: PROVISIONING_SINCE,
    });
    special.push(setup(0, Prisma.sql`t."provisioning_since" <= ${d.at(cut(2 * whole))}`));
    special.push(
      setup(
        1,
        Prisma.sql`t."provisioning_since" > ${d.at(cut(2 * whole))} AND t."provisioning_since" <= ${d.at(cut(whole))}`,
      ),
    );
  }
  return { type, status, special };
}

/** A status band's columns, as SQL: bound values, or the columns of the band relation `b`. */
type BandRef = Record<"kind" | "sev" | "status" | "lo" | "hi" | "dns" | "whole" | "cur" | "tie", Prisma.Sql>;
const BAND_COLUMNS = ["kind", "sev", "status", "lo", "hi", "dns", "whole", "cur", "tie"] as const;

/** Where a band starts for a cursor: status_since >= cur, and on status_since = cur (tie) uid >= the cursor's. */
type Start = { cur: Date; tie: boolean };

/** The rows of a status band `b` of `type` (within the scope, from its start on). */
function statusWhere(type: EntityType, b: BandRef, budgets: Budgets, now: Date, d: Dialect, fromUid?: string) {
  const parts = [
    Prisma.sql`t."status" = ${b.status}`,
    Prisma.sql`t."status_since" > ${b.lo}`,
    Prisma.sql`t."status_since" <= ${b.hi}`,
  ];
  if (type === "domain")
    parts.push(Prisma.sql`(${b.dns} = 0 OR t."dns_propagation_status" IS NULL OR NOT ${dnsFailed})`);
  if (type === "mailbox") {
    const whole = budgets.get(budgetKey("mailbox", PROVISIONING))!;
    parts.push(
      Prisma.sql`(${b.whole} = 0 OR t."provisioning_since" IS NULL OR t."provisioning_since" > ${d.at(cutoff(now, 2 * whole))})`,
    );
  }
  const subject = SUBJECT[type];
  if (subject) {
    // A newer request for the same subject replaced this one: neither counts (entitySelect's rule).
    const [s, table] = [Prisma.raw(`"${subject}"`), Prisma.raw(`"${ENTITY_TABLE[type]}"`)];
    parts.push(
      Prisma.sql`(t.${s} IS NULL OR t.${s} = '' OR NOT EXISTS (SELECT 1 FROM ${table} n WHERE n.${s} = t.${s} AND n."last_occurred_at" > t."last_occurred_at"))`,
    );
  }
  if (fromUid !== undefined) {
    parts.push(Prisma.sql`t."status_since" >= ${b.cur}`);
    parts.push(Prisma.sql`(${b.tie} = 0 OR t."status_since" > ${b.cur} OR ${d.bytes(`t."uid"`)} >= ${fromUid})`);
  }
  return parts;
}

/** The band's values as SQL (typed for PostgreSQL, whose VALUES would otherwise guess). */
function bandValues(band: StatusBand, start: Start, d: Dialect): BandRef {
  const text = (v: string) => (d.pg ? Prisma.sql`CAST(${literal(v)} AS TEXT)` : literal(v));
  return {
    kind: text(band.kind),
    sev: Prisma.raw(String(band.sev)),
    status: text(band.status),
    lo: d.at(band.lo),
    hi: d.at(band.hi),
    dns: flag(band.dns),
    whole: flag(band.whole),
    cur: d.at(start.cur),
    tie: flag(start.tie),
  };
}

/** The status bands of a table as a relation `b` (a VALUES list), and a reference to its columns. */
function bandRelation(rows: BandRef[]) {
  const values = Prisma.join(
    rows.map((r) => Prisma.sql`(${Prisma.join(BAND_COLUMNS.map((c) => r[c]))})`),
    ", ",
  );
  const names = Prisma.raw(BAND_COLUMNS.map((c, i) => `column${i + 1} AS "${c}"`).join(", "));
  const ref = Object.fromEntries(BAND_COLUMNS.map((c) => [c, Prisma.raw(`b."${c}"`)])) as BandRef;
  return { from: Prisma.sql`(SELECT ${names} FROM (VALUES ${values}) v) b`, ref };
}

/** What every statement of a scope shares: the types it reads, the row filter per type, the bands. */
function scoped(db: Database, budgets: Budgets, now: Date, scope: Scope) {
  const d = new Dialect(db.provider === "postgresql");
  const types = ENTITY_TYPES.filter((type) => !scope.kind || KINDS_OF[type].includes(scope.kind));
  const rowScope = (type: EntityType) => {
    const out: Prisma.Sql[] = [];
    if (scope.workspace) out.push(Prisma.sql`t."workspace_id" = ${scope.workspace}`);
    const prefix = `${type}:`;
    const handled = (scope.exclude ?? []).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    if (handled.length) out.push(Prisma.sql`t."uid" NOT IN (${d.jsonList(handled)})`);
    return out;
  };
  const wanted = <B extends { kind: AttentionKind }>(bands: B[]) =>
    bands.filter((b) => !scope.kind || b.kind === scope.kind);
  const bands = types.map((type) => {
    const of = bandsOf(type, budgets, now, d);
    return { ...of, status: wanted(of.status), special: wanted(of.special) };
  });
  return { d, types, rowScope, bands };
}

const whereOf = (parts: Prisma.Sql[]) =>
  parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;

/** Where a page starts: the entity key of the last item shown (rows equal to it are re-read and dropped in JS). */
export type StreamCursor = { sev: number; since: Date; entityType: string; uid: string };

/** A band's start for the cursor (null: the whole band is before it). Timestamps are whole milliseconds. */
function startOf(type: EntityType, sev: number, from?: StreamCursor): Start | null {
  if (!from || sev > from.sev) return { cur: BEGINNING, tie: false };
  if (sev < from.sev) return null;
  if (type > from.entityType) return { cur: from.since, tie: false };
  if (type < from.entityType) return { cur: new Date(from.since.getTime() + 1), tie: false };
  return { cur: from.since, tie: true };
}

/** The columns of an entity row read by a band (kind, severity and since given). */
function bandColumns(type: EntityType, d: Dialect, kind: Prisma.Sql, sev: Prisma.Sql, since: Prisma.Sql) {
  const dns = type === "domain" ? Prisma.sql`t."dns_propagation_status"` : d.nullOf("TEXT");
  const provisioning = type === "mailbox" ? PROVISIONING_SINCE : d.nullOf("TIMESTAMP(3)");
  return Prisma.sql`${literal(type)} AS "entity_type", t."uid", t."workspace_id", t."status", t."status_since",
    t."last_occurred_at", ${LABEL[type]} AS "label", ${provisioning} AS "provisioning_since", ${dns} AS "dns",
    ${kind} AS "kind", ${sev} AS "sev", ${since} AS "since"`;
}

/**
 * Up to `limit` entity rows in queue order (severity, since, entity type, uid), from the cursor
 * on (inclusive: the caller drops rows not strictly after the full cursor). Each band reads at most
 * `limit` rows along its index from the cursor on (on PostgreSQL one LATERAL subquery per table
 * over its status bands: one plan, not one per band), the odd rows theirs; one ORDER BY merges them.
 */
export async function entityRows(
  db: Database,
  budgets: Budgets,
  now: Date,
  scope: Scope,
  limit: number,
  from?: StreamCursor,
): Promise<EntityRow[]> {
  const { d, types, rowScope, bands } = scoped(db, budgets, now, scope);
  if (!types.length) return [];
  const uid = d.bytes(`t."uid"`);
  const table = (type: EntityType) => Prisma.raw(`"${ENTITY_TABLE[type]}"`);
  const parts: Prisma.Sql[] = [];
  for (const { type, status, special } of bands) {
    const started = status.flatMap((band) => {
      const start = startOf(type, band.sev, from);
      return start ? [bandValues(band, start, d)] : [];
    });
    const read = (b: BandRef) =>
      Prisma.sql`SELECT ${bandColumns(type, d, b.kind, b.sev, STATUS_SINCE)} FROM ${table(type)} t
        ${whereOf([...statusWhere(type, b, budgets, now, d, from?.uid), ...rowScope(type)])}
        ORDER BY t."status_since", ${uid} LIMIT ${limit}`;
    if (d.pg && started.length) {
      const { from: relation, ref } = bandRelation(started);
      parts.push(Prisma.sql`SELECT x.* FROM ${relation} CROSS JOIN LATERAL (${read(ref)}) x`);
    } else {
      for (const b of started) parts.push(Prisma.sql`SELECT * FROM (${read(b)}) b`);
    }
    for (const band of special) {
      const start = startOf(type, band.sev, from);
      if (!start) continue;
      const where = [band.where, ...rowScope(type)];
      if (from) {
        where.push(Prisma.sql`${band.order} >= ${d.at(start.cur)}`);
        if (start.tie) where.push(Prisma.sql`(${band.order} > ${d.at(start.cur)} OR ${uid} >= ${from.uid})`);
      }
      parts.push(Prisma.sql`SELECT * FROM (SELECT ${bandColumns(type, d, literal(band.kind), Prisma.raw(String(band.sev)), band.order)}
        FROM ${table(type)} t ${whereOf(where)} ORDER BY ${band.order}, ${uid} LIMIT ${limit}) b`);
    }
  }
  const outer: Prisma.Sql[] = [];
  if (scope.kind) outer.push(Prisma.sql`q."kind" = ${scope.kind}`);
  if (from) {
    outer.push(
      Prisma.sql`(q."sev", q."since", ${d.bytes(`q."entity_type"`)}, ${d.bytes(`q."uid"`)}) >= (${from.sev}, ${d.at(from.since)}, ${from.entityType}, ${from.uid})`,
    );
  }
  const order = Prisma.sql`ORDER BY q."sev", q."since", ${d.bytes(`q."entity_type"`)}, ${d.bytes(`q."uid"`)}`;
  const odds = await withOddRows(db, d, now, types);
  for (const type of types.filter((type) => odds.has(type))) {
    const select = entitySelect(type, budgets, now, d, [odd(d, now), ...rowScope(type)]);
    parts.push(Prisma.sql`SELECT * FROM (SELECT q.* FROM (${select}) q ${whereOf(outer)} ${order} LIMIT ${limit}) o`);
  }
  if (!parts.length) return []; // e.g. a cursor past every band of the kind asked for
  const read = db.prisma.$queryRaw<
    EntityRow[]
  >`SELECT q.* FROM (${Prisma.join(parts, " UNION ALL ")}) q ${order} LIMIT ${limit}`;
  if (!d.pg) return read;
  // A band's range comes from the VALUES list, so PostgreSQL guesses ~20 rows per band and picks a
  // bitmap scan that reads and sorts the whole band (1,600 consent requests at full size, each with
  // its superseded check) over the index read in order that stops at `limit`: 100 ms instead of 10.
  // SET LOCAL keeps the choice to this statement; the rows are the same either way.
  const [, rows] = await db.prisma.$transaction([db.prisma.$executeRaw`SET LOCAL enable_bitmapscan = off`, read]);
  return rows;
}

/**
 * How many entity items the scope holds, per kind and severity rank: per table, a count for each
 * status band (a correlated COUNT over its index range), each special band and the odd rows.
 */
export async function entityCounts(
  db: Database,
  budgets: Budgets,
  now: Date,
  scope: Scope,
): Promise<{ kind: AttentionKind; sev: number; n: number }[]> {
  const { d, types, rowScope, bands } = scoped(db, budgets, now, scope);
  if (!types.length) return [];
  const parts: Prisma.Sql[] = [];
  const kind = scope.kind ? [Prisma.sql`q."kind" = ${scope.kind}`] : [];
  const odds = await withOddRows(db, d, now, types);
  for (const { type, status, special } of bands) {
    const table = Prisma.raw(`"${ENTITY_TABLE[type]}"`);
    if (status.length) {
      const { from, ref } = bandRelation(status.map((band) => bandValues(band, { cur: BEGINNING, tie: false }, d)));
      parts.push(Prisma.sql`SELECT b."kind", b."sev", (SELECT COUNT(*) FROM ${table} t
        ${whereOf([...statusWhere(type, ref, budgets, now, d), ...rowScope(type)])}) AS "n" FROM ${from}`);
    }
    for (const band of special) {
      parts.push(Prisma.sql`SELECT ${literal(band.kind)} AS "kind", ${Prisma.raw(String(band.sev))} AS "sev", COUNT(*) AS "n"
        FROM ${table} t ${whereOf([band.where, ...rowScope(type)])}`);
    }
    if (!odds.has(type)) continue;
    const select = entitySelect(type, budgets, now, d, [odd(d, now), ...rowScope(type)]);
    parts.push(
      Prisma.sql`SELECT q."kind", q."sev", COUNT(*) AS "n" FROM (${select}) q ${whereOf(kind)} GROUP BY q."kind", q."sev"`,
    );
  }
  if (!parts.length) return [];
  const rows = await db.prisma.$queryRaw<{ kind: AttentionKind; sev: number | bigint; n: number | bigint }[]>`
    ${Prisma.join(parts, " UNION ALL ")}`;
  const sums = new Map<string, { kind: AttentionKind; sev: number; n: number }>();
  for (const r of rows) {
    const key = `${r.kind}:${r.sev}`;
    const sum = sums.get(key) ?? { kind: r.kind, sev: Number(r.sev), n: 0 };
    sum.n += Number(r.n);
    sums.set(key, sum);
  }
  return [...sums.values()].filter((c) => c.n > 0);
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

/** The last row a page of the walk read: the next page starts strictly after it. */
type WalkKey = { at: Date; uid: string };

/**
 * Every entity row of `type` that gives an item at `now`, `limit` rows per statement, read only from
 * the bands' index ranges: each band along its own index (keyset on its order column and uid), then
 * the odd rows (by uid) when the table has any. The scheduler walks every item this way, reading the
 * item rows (37,336 of 170,000 at scale), not every row of every table as a uid-ordered walk must.
 */
export async function* walkRows(
  db: Database,
  budgets: Budgets,
  now: Date,
  type: EntityType,
  limit: number,
): AsyncGenerator<EntityRow[]> {
  const d = new Dialect(db.provider === "postgresql");
  const { status, special } = bandsOf(type, budgets, now, d);
  const table = Prisma.raw(`"${ENTITY_TABLE[type]}"`);
  const uid = d.bytes(`t."uid"`);
  const after = (order: Prisma.Sql, key: WalkKey | null) =>
    key ? [Prisma.sql`(${order} > ${d.at(key.at)} OR (${order} = ${d.at(key.at)} AND ${uid} > ${key.uid}))`] : [];
  const pages = async function* (read: (key: WalkKey | null) => Promise<EntityRow[]>, orderOf: (r: EntityRow) => Date) {
    let key: WalkKey | null = null;
    for (;;) {
      const rows = await read(key);
      if (rows.length) yield rows;
      if (rows.length < limit) return;
      const last = rows[rows.length - 1];
      key = { at: orderOf(last), uid: last.uid };
    }
  };
  const statusSinceOf = (r: EntityRow) => new Date(r.status_since!);
  for (const band of status) {
    const b = bandValues(band, { cur: BEGINNING, tie: false }, d);
    yield* pages(
      (key) => db.prisma.$queryRaw<EntityRow[]>`SELECT ${bandColumns(type, d, b.kind, b.sev, STATUS_SINCE)}
        FROM ${table} t ${whereOf([...statusWhere(type, b, budgets, now, d), ...after(STATUS_SINCE, key)])}
        ORDER BY t."status_since", ${uid} LIMIT ${limit}`,
      statusSinceOf,
    );
  }
  for (const band of special) {
    const columns = bandColumns(type, d, literal(band.kind), Prisma.raw(String(band.sev)), band.order);
    yield* pages(
      (key) => db.prisma.$queryRaw<EntityRow[]>`SELECT ${columns}
        FROM ${table} t ${whereOf([band.where, ...after(band.order, key)])} ORDER BY ${band.order}, ${uid} LIMIT ${limit}`,
      (r) => new Date(r.since),
    );
  }
  if (!(await withOddRows(db, d, now, [type])).has(type)) return;
  const byUid = (key: WalkKey | null) => (key ? [Prisma.sql`${uid} > ${key.uid}`] : []);
  yield* pages(
    (key) => db.prisma.$queryRaw<
      EntityRow[]
    >`SELECT q.* FROM (${entitySelect(type, budgets, now, d, [odd(d, now), ...byUid(key)])}) q
      ORDER BY ${d.bytes(`q."uid"`)} LIMIT ${limit}`,
    () => BEGINNING,
  );
}
