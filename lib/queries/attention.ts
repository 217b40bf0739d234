// The attention queue's reads. Entity items (domains, mailboxes, requests: tens of thousands at
// scale) are computed, ordered, paged and counted in the database (lib/queries/attention-queue.ts);
// only a page's rows become items here, through the pure rules (lib/attention/evaluate.ts). The
// small sets (mail health, refused deliveries of the last hour, undeliverable notifications) are
// evaluated here whole and merged with the entity page: two sorted streams, counts added.
//
// Handling (acknowledged / snoozed, attention_handling) is an operator's list: its live rows are read
// whole, the entities they name evaluated, and those whose current item they cover are left out of
// the SQL by a bound JSON list.
//
// attentionItems(now) is what other features (notifications) build on: every item at `now`,
// acknowledged and snoozed ones flagged, walked page by page; openAttentionItems(now) leaves those out.
import { database, type Database } from "../db/client";
import type { EntityType } from "../ordering";
import {
  CUSTOMER_ACTION_STATUS,
  DNS_PROPAGATION_FAILURES,
  FAILURE_STATES,
  MAILBOX_PROVISIONING,
  PROVISIONING,
  resolveBudgets,
  type Budgets,
} from "../attention/budgets";
import {
  ATTENTION_KINDS,
  sortItems,
  countItems,
  evaluate,
  isOpen,
  SEVERITIES,
  type AttentionItem,
  type Facts,
  type Handling,
  type MailFact,
  type RefusedFact,
} from "../attention/evaluate";
import {
  decodeCursor,
  encodeCursor,
  isAfter,
  selectItems,
  type AttentionPage,
  type AttentionQuery,
} from "../attention/page";
import { failedDestinations } from "../notify/failures";
import {
  ENTITY_TYPES,
  entityCounts,
  entityRows,
  factOf,
  rowsOf,
  stuckBudgets,
  type EntityRow,
  type Scope,
  walkRows,
} from "./attention-queue";
import { normaliseEmail } from "./mail-activity";
import { refreshMailVerdicts, refreshVerdictsBeforeRead, TROUBLES, type Trouble } from "./mail-verdict";
import { breathe, ready } from "./db";

type Prisma_ = Awaited<ReturnType<typeof ready>>;
const CHUNK = 500;
const HOUR_MS = 3_600_000;
export const MAIL_WINDOW_MS = 24 * HOUR_MS;
export const REFUSED_WINDOW_MS = HOUR_MS;
/** Rows per statement when every item is walked (the scheduler): one bounded read and its evaluation, then a yield. */
export const WALK_PAGE = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function loadBudgets(prisma?: Prisma_): Promise<Budgets> {
  const db = prisma ?? (await ready());
  return resolveBudgets(
    await db.attentionBudget.findMany({ select: { entityType: true, status: true, seconds: true } }),
  );
}

/** Rows in `status` that entered it at or before `cutoff` (a row from before the column counts from its last change). */
const olderThan = (status: string, cutoff: Date) => ({
  status,
  OR: [{ statusSince: { lte: cutoff } }, { statusSince: null, lastOccurredAt: { lte: cutoff } }],
});

/** The moment an age of `seconds` is exceeded (attention-queue.ts counts the same way). */
const pastAt = (now: Date, seconds: number) => new Date(now.getTime() - (seconds + 1) * 1000);

/**
 * The rows of a type that give an entity item at `now`, as a Prisma where (the lists' filter): the
 * same rules as the queue's SQL (failure states, pending requests, past a status's budget, past the
 * whole-setup budget), without the superseded-request rule, which the caller applies by uid.
 */
function itemWhere(type: EntityType, budgets: Budgets, now: Date) {
  const or: object[] = [
    { status: { in: [...FAILURE_STATES[type]] } },
    ...stuckBudgets(type, budgets).map((b) => olderThan(b.status, pastAt(now, b.seconds))),
  ];
  if (type === "domain") or.push({ dnsPropagationStatus: { in: [...DNS_PROPAGATION_FAILURES] } });
  if (type === "consent_request" || type === "client_id_request") or.push({ status: CUSTOMER_ACTION_STATUS });
  if (type === "mailbox") {
    or.push({
      status: { in: [...MAILBOX_PROVISIONING] },
      provisioningSince: { lte: pastAt(now, budgets.get(`mailbox:${PROVISIONING}`)!) },
    });
  }
  return { OR: or };
}

/** Requests a newer one for the same subject replaced (they give no item), among those that could. */
async function supersededUids(db: Database, type: EntityType): Promise<string[]> {
  if (type !== "consent_request" && type !== "client_id_request") return [];
  const [table, subject] =
    type === "consent_request" ? ["consent_requests", "mailbox_id"] : ["client_id_requests", "domain_name"];
  const statuses = [
    ...FAILURE_STATES[type],
    CUSTOMER_ACTION_STATUS,
    ...stuckBudgets(type, resolveBudgets()).map((b) => b.status),
  ];
  const rows = await db.prisma.$queryRawUnsafe<{ uid: string }[]>(
    `SELECT t."uid" FROM "${table}" t WHERE t."status" IN (${statuses.map((s) => `'${s}'`).join(", ")})
       AND t."${subject}" <> '' AND EXISTS (SELECT 1 FROM "${table}" n WHERE n."${subject}" = t."${subject}" AND n."last_occurred_at" > t."last_occurred_at")`,
  );
  return rows.map((r) => r.uid);
}

/**
 * A mailbox whose kept mail trouble verdict gives a mail item now (mailFacts reads the same). The
 * verdict as an IN list, not IS NOT NULL: SQLite then searches mailboxes_mail_verdict_idx, where with
 * IS NOT NULL it counted `?attention=open`'s mail rows by status along mailboxes_attention_idx,
 * reading all 100,000 rows (264-646 ms at full size against 0.1-6 ms).
 */
const mailTrouble = (now: Date) => ({
  mailVerdict: { in: [...TROUBLES] },
  mailVerdictUntil: { gt: now },
  mailVerdictSince: { not: null },
});

/**
 * The where-clause part of a list's `?attention=open`: rows with an open item of the queue. The
 * entity item's rule is the queue's own, as a where fragment; the few uids it cannot express
 * (handled entities, superseded requests) are left out by uid. A mailbox with mail trouble is let
 * in by the same condition on its kept mail-health key that gives its mail item, less the few
 * whose item is acknowledged or snoozed, or shown for another mailbox of the same address.
 */
export async function openItemWhere(type: EntityType, now: Date): Promise<{ AND: object[] }> {
  const { entity, mail } = await openItemParts(type, now);
  return { AND: [mail ? { OR: [entity, mail] } : entity] };
}

/**
 * openItemWhere's two parts: the entity rule, and for mailboxes the mail trouble rule (null for other
 * types). The mailbox list counts them apart: SQLite reads every row for a count by status over their
 * OR, while the mail part alone is a search of mailboxes_mail_verdict_idx.
 */
export async function openItemParts(type: EntityType, now: Date): Promise<{ entity: object; mail: object | null }> {
  const db = database();
  await db.ready;
  const budgets = await loadBudgets(db.prisma);
  const [handled, superseded] = await Promise.all([handlingState(db, budgets, now), supersededUids(db, type)]);
  const prefix = `${type}:`;
  const out = [
    ...handled.exclude.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)),
    ...superseded,
  ];
  const entity = { AND: [itemWhere(type, budgets, now), ...(out.length ? [{ uid: { notIn: out } }] : [])] };
  if (type !== "mailbox") return { entity, mail: null };
  const { facts, uids } = await mailState(db, now);
  const items = evaluate({ entities: [], mail: facts, refused: [] }, budgets, handled.handling, now);
  const open = new Set(items.filter(isOpen).map((i) => i.uid));
  const closed = uids.filter((uid) => !open.has(uid));
  const mail = { AND: [mailTrouble(now), ...(closed.length ? [{ uid: { notIn: closed } }] : [])] };
  return { entity, mail };
}

/** Due mail verdicts a queue read computes before it answers; the rest follow in the background. */
export const MAIL_READ_LIMITS = { batch: 200, batches: 1 };

/**
 * Addresses whose Inkbox mail is failing or whose bounces are rising (lib/queries/mail-activity.ts
 * rules), read from the trouble verdict each mailbox keeps (lib/queries/mail-verdict.ts: counted from
 * the hourly rollups over the whole hours of each window, cleared by new outbound outcomes at ingest,
 * valid until the verdict itself would change) through its covering index, never by summing rollups
 * per read. Verdicts that are due are computed first, at most MAIL_READ_LIMITS on the request path
 * and the rest in the background (a few an hour; every mailbox only after the migration). At the
 * edge of a window the verdict can differ from the mailbox page's exact one by the mail of one hour;
 * `since` is the start of the first hour with a bounce or failure in the window (hour-precise). Mail
 * of an address no mailbox row has gives no item (it has no verdict), and one item per address.
 */
async function mailState(db: Database, now: Date): Promise<{ facts: MailFact[]; uids: string[] }> {
  await refreshVerdictsBeforeRead(now, MAIL_READ_LIMITS);
  const rows = await db.prisma.mailbox.findMany({
    where: mailTrouble(now),
    select: { uid: true, email: true, workspaceId: true, mailVerdict: true, mailVerdictSince: true },
    orderBy: { mailVerdict: "asc" }, // along its index, whatever the statistics say
  });
  const byEmail = new Map<string, MailFact>();
  for (const m of rows) {
    const email = normaliseEmail(m.email);
    const seen = byEmail.get(email);
    if (seen && seen.mailboxUid! < m.uid) continue; // one item per address: its first mailbox by uid
    byEmail.set(email, {
      email,
      state: m.mailVerdict as Trouble,
      since: m.mailVerdictSince!,
      mailboxUid: m.uid,
      workspaceId: m.workspaceId,
    });
  }
  return { facts: [...byEmail.values()], uids: rows.map((m) => m.uid) };
}

async function mailFacts(db: Database, now: Date, workspace?: string): Promise<MailFact[]> {
  const { facts } = await mailState(db, now);
  return workspace ? facts.filter((m) => m.workspaceId === workspace) : facts;
}

/**
 * Refusals per vendor and reason received within [from, to]: the stored rows, plus those only
 * counted past the storage cap (lib/webhooks/quarantine.ts). A counter knows its hour, not its
 * moments, so every hour that overlaps the window counts whole, and its refusals are taken as
 * arriving no earlier than `from`: past the cap a flood still raises its item and its alert, at
 * worst for up to an hour longer than stored rows would.
 */
export async function refusalCounts(prisma: Prisma_, from: Date, to: Date): Promise<RefusedFact[]> {
  const [groups, counters] = await Promise.all([
    prisma.rejectedDelivery.groupBy({
      by: ["vendor", "reason"],
      where: { receivedAt: { gte: from, lte: to } },
      _count: { _all: true },
      _min: { receivedAt: true },
    }),
    prisma.refusalCounter.findMany({
      where: { hour: { gt: new Date(from.getTime() - HOUR_MS), lte: to } },
      select: { vendor: true, reason: true, hour: true, count: true },
    }),
  ]);
  const facts = new Map<string, RefusedFact>();
  const add = (vendor: string, reason: string, count: number, first: Date, counted: number) => {
    const fact = facts.get(`${vendor}:${reason}`) ?? { vendor, reason, count: 0, counted: 0, first };
    fact.count += count;
    fact.counted = (fact.counted ?? 0) + counted;
    if (first < fact.first) fact.first = first;
    facts.set(`${vendor}:${reason}`, fact);
  };
  for (const g of groups) add(g.vendor, g.reason, g._count._all, g._min.receivedAt ?? to, 0);
  for (const c of counters) add(c.vendor, c.reason, c.count, c.hour < from ? from : c.hour, c.count);
  return [...facts.values()];
}

async function refusedFacts(prisma: Prisma_, now: Date, workspace?: string): Promise<RefusedFact[]> {
  if (workspace) return []; // a refusal belongs to no workspace
  return refusalCounts(prisma, new Date(now.getTime() - REFUSED_WINDOW_MS), now);
}

/** Handling rows that can still flag an item: an acknowledgement, or a snooze not yet over. */
async function liveHandling(db: Database, now: Date) {
  return db.prisma.attentionHandling.findMany({
    where: { OR: [{ acknowledgedAt: { not: null } }, { snoozedUntil: { gt: now } }] },
    select: {
      itemId: true,
      entityType: true,
      entityUid: true,
      acknowledgedBy: true,
      acknowledgedAt: true,
      note: true,
      snoozedUntil: true,
    },
  });
}

type HandlingState = {
  handling: Handling[];
  /** `type:uid` of entities whose current item is acknowledged or snoozed: out of the open queue. */
  exclude: string[];
};

/** The live handling rows, and which entities they take out of the queue now (their items evaluated here). */
async function handlingState(db: Database, budgets: Budgets, now: Date): Promise<HandlingState> {
  const handling = await liveHandling(db, now);
  const exclude: string[] = [];
  for (const type of ENTITY_TYPES) {
    const uids = [...new Set(handling.filter((h) => h.entityType === type && h.entityUid).map((h) => h.entityUid!))];
    for (const part of chunks(uids)) {
      const items = itemsOf(await rowsOf(db, budgets, now, type, part), budgets, handling, now);
      for (const item of items) if (!isOpen(item)) exclude.push(`${type}:${item.uid}`);
    }
  }
  return { handling, exclude };
}

/** Entity rows of the SQL stream as items, by the reference rules (in row order). */
function itemsOf(rows: EntityRow[], budgets: Budgets, handling: Handling[], now: Date): AttentionItem[] {
  return evaluate({ entities: rows.map(factOf), mail: [], refused: [] }, budgets, handling, now);
}

/** Mail, refused deliveries and notification failures: few, evaluated whole (handled ones flagged). */
async function smallItems(
  db: Database,
  budgets: Budgets,
  now: Date,
  workspace?: string,
  handling?: Handling[],
): Promise<AttentionItem[]> {
  const [mail, refused, notifications, live] = await Promise.all([
    mailFacts(db, now, workspace),
    refusedFacts(db.prisma, now, workspace),
    workspace ? [] : failedDestinations(db.prisma), // a channel belongs to no workspace
    handling ?? liveHandling(db, now),
  ]);
  const facts: Facts = { entities: [], mail, refused, notifications };
  return evaluate(facts, budgets, live, now);
}

/**
 * Every attention item at `now` (optionally of one workspace), in queue order: severity, then age.
 * Acknowledged and snoozed items are included and flagged (`acknowledged`, `snoozedUntil`); an
 * item's `id` is stable while its condition lasts. Only the entity rows that give an item are read,
 * band by band along the queue's indexes (attention-queue.ts walkRows), `page` rows per statement
 * with a yield after each page's evaluation, so no single read or stretch of JavaScript holds the
 * database (or SQLite's one connection) or the event loop for long.
 */
export async function attentionItems(
  now: Date = new Date(),
  options: { workspace?: string; page?: number } = {},
): Promise<AttentionItem[]> {
  const db = database();
  await db.ready;
  const budgets = await loadBudgets(db.prisma);
  const handling = await liveHandling(db, now);
  // A walk (the scheduler, in the background) computes every due mail verdict first (a few an hour), a
  // short batch per statement: its mail items are complete, where a page read's are bounded. It never
  // refreshes the list's sort keys (lib/queries/mail-order.ts): only a sorted read needs those.
  await refreshMailVerdicts(now);
  const items = await smallItems(db, budgets, now, options.workspace, handling);
  for (const type of ENTITY_TYPES) {
    for await (const rows of walkRows(db, budgets, now, type, options.page ?? WALK_PAGE)) {
      const mine = options.workspace ? rows.filter((r) => r.workspace_id === options.workspace) : rows;
      items.push(...itemsOf(mine, budgets, handling, now));
      await breathe();
    }
  }
  return sortItems(items);
}

/** The queue proper: items nobody has acknowledged or snoozed. */
export async function openAttentionItems(
  now: Date = new Date(),
  options: { workspace?: string } = {},
): Promise<AttentionItem[]> {
  return (await attentionItems(now, options)).filter(isOpen);
}

/**
 * One item by id, without the whole queue: the id's kind says which stream holds it; an entity
 * item is found by the entity the id was last shown for (remembered when a page or walk made it),
 * else by walking that kind's rows page by page.
 */
export async function findAttentionItem(id: string, now: Date = new Date()): Promise<AttentionItem | null> {
  const kind = ATTENTION_KINDS.find((k) => id.startsWith(`${k}_`));
  if (!kind) return null;
  const db = database();
  await db.ready;
  const budgets = await loadBudgets(db.prisma);
  const handling = await liveHandling(db, now);
  const small = (await smallItems(db, budgets, now, undefined, handling)).find((i) => i.id === id);
  if (small || kind === "mail" || kind === "refused_deliveries") return small ?? null;
  const known = shownEntity.get(id);
  if (known) {
    const [item] = itemsOf(await rowsOf(db, budgets, now, known.type, [known.uid]), budgets, handling, now);
    if (item?.id === id) return item;
  }
  let from: CursorKeyed | undefined;
  for (;;) {
    const rows = await entityRows(db, budgets, now, { kind }, WALK_PAGE, from?.stream);
    const items = itemsOf(rows, budgets, handling, now).filter((i) => !from || isAfter(i, from.key));
    const found = items.find((i) => i.id === id);
    if (found) return found;
    if (rows.length < WALK_PAGE || !items.length) return null;
    from = keyed(items[items.length - 1]);
    await breathe();
  }
}

/** Entities of recently materialised items, by item id (bounded): how an action finds its item's row. */
const SHOWN_MAX = 10_000;
const shownCache = globalThis as unknown as { __attentionShown?: Map<string, { type: EntityType; uid: string }> };
const shownEntity = (shownCache.__attentionShown ??= new Map());
function remember(items: AttentionItem[]) {
  for (const i of items) {
    if (!i.uid || !(ENTITY_TYPES as string[]).includes(i.entityType)) continue;
    shownEntity.delete(i.id);
    shownEntity.set(i.id, { type: i.entityType as EntityType, uid: i.uid });
    if (shownEntity.size > SHOWN_MAX) shownEntity.delete(shownEntity.keys().next().value!);
  }
}

type CursorKeyed = { key: ReturnType<typeof decodeCursor>; stream: Parameters<typeof entityRows>[5] };

/** A cursor's full key, and the entity stream's part of it (rows from there on, inclusive). */
function keyed(item: AttentionItem): CursorKeyed {
  return fromCursor(encodeCursor(item));
}
function fromCursor(cursor: string): CursorKeyed {
  const key = decodeCursor(cursor);
  return {
    key,
    stream: {
      sev: SEVERITIES.indexOf(key.severity),
      since: new Date(key.since),
      entityType: key.entityType,
      uid: key.key,
    },
  };
}

/** What the overview shows beside an item: the workspace's name, and what the customer is asked to use. */
export type ItemDetail = { workspaceName: string | null; consentUrl: string | null; clientId: string | null };

async function itemDetails(items: AttentionItem[]): Promise<Record<string, ItemDetail>> {
  const prisma = await ready();
  const workspaceIds = [...new Set(items.map((i) => i.workspaceId).filter((w): w is string => !!w))];
  const uidsOf = (type: string) => items.filter((i) => i.entityType === type && i.uid).map((i) => i.uid!);
  const [settings, consents, clientIds] = await Promise.all([
    workspaceIds.length
      ? prisma.workspaceSettings.findMany({
          where: { workspaceId: { in: workspaceIds } },
          select: { workspaceId: true, displayName: true },
        })
      : [],
    uidsOf("consent_request").length
      ? prisma.consentRequest.findMany({
          where: { uid: { in: uidsOf("consent_request") } },
          select: { uid: true, consentUrl: true },
        })
      : [],
    uidsOf("client_id_request").length
      ? prisma.clientIdRequest.findMany({
          where: { uid: { in: uidsOf("client_id_request") } },
          select: { uid: true, clientId: true },
        })
      : [],
  ]);
  const names = new Map(settings.map((s) => [s.workspaceId, s.displayName]));
  const urls = new Map(consents.map((c) => [c.uid, c.consentUrl]));
  const ids = new Map(clientIds.map((c) => [c.uid, c.clientId]));
  return Object.fromEntries(
    items.map((i) => [
      i.id,
      {
        workspaceName: (i.workspaceId && names.get(i.workspaceId)) || null,
        consentUrl: i.entityType === "consent_request" ? (urls.get(i.uid ?? "") ?? null) : null,
        clientId: i.entityType === "client_id_request" ? (ids.get(i.uid ?? "") ?? null) : null,
      },
    ]),
  );
}

export type AttentionResponse = AttentionPage & { details: Record<string, ItemDetail> };

/**
 * GET /api/attention: one page of the queue, with its total and counts (never silently capped).
 * The database reads limit + 2 entity rows from the cursor on (the one equal to the cursor's
 * entity key, dropped here, and one to know there is more); the small sets are merged in.
 */
export async function attentionPage(query: AttentionQuery, now: Date = new Date()): Promise<AttentionResponse> {
  const from = query.cursor ? fromCursor(query.cursor) : undefined; // a bad cursor throws CursorError: 400
  const db = database();
  await db.ready;
  const budgets = await loadBudgets(db.prisma);
  const state = await handlingState(db, budgets, now);
  const scope: Scope = {
    workspace: query.workspace,
    kind: query.kind,
    exclude: query.include === "handled" ? [] : state.exclude,
  };
  const [rows, counted, small] = await Promise.all([
    entityRows(db, budgets, now, scope, query.limit + 2, from?.stream),
    entityCounts(db, budgets, now, scope),
    smallItems(db, budgets, now, query.workspace, state.handling),
  ]);
  const others = selectItems(small, query);
  const merged = sortItems(
    [...itemsOf(rows, budgets, state.handling, now), ...others].filter((i) => !from || isAfter(i, from.key)),
  );
  const items = merged.slice(0, query.limit);
  remember(items);
  const counts = countItems(others);
  for (const c of counted) {
    counts.kind[c.kind] += c.n;
    counts.severity[SEVERITIES[c.sev]] += c.n;
  }
  const total = SEVERITIES.reduce((sum, s) => sum + counts.severity[s], 0);
  const page: AttentionPage = {
    items,
    nextCursor: merged.length > query.limit ? encodeCursor(items[items.length - 1]) : null,
    total,
    counts,
  };
  return { ...page, details: await itemDetails(items) };
}
