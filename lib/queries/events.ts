// webhook_events read models: one entity's status timeline, and the event log (filters, search, pages).
import { z } from "zod";
import { Prisma, type WebhookEvent } from "../generated/sqlite/client";
import { database, type Database } from "../db/client";
import type { Provider } from "../db/provider";
import type { EntityType } from "../ordering";
import { buildTimeline, type Timeline } from "../timeline";
import { entityHref } from "../entity-links";
import { ftsQuery, postgresPrefilter, postgresSearch, searchWords } from "./event-search";
import { jsonify, parseJsonColumn, ready, type Jsonified } from "./db";
import { EXPORT_LIMIT, statusMatch, textMatch } from "./list";
import { beforeId, flag, isoInstant, optionalText } from "./params";

/** Timelines read at most this many events per entity (a real entity has a few dozen). */
export const TIMELINE_LIMIT = 1000;

export async function entityTimeline(
  entityType: EntityType,
  entityUid: string,
  now: Date = new Date(),
): Promise<Timeline> {
  const prisma = await ready();
  const events = await prisma.webhookEvent.findMany({
    where: { entityType, entityUid },
    select: {
      id: true,
      eventType: true,
      status: true,
      previousStatus: true,
      occurredAt: true,
      receivedAt: true,
      lastSeenAt: true,
      outcome: true,
      duplicateCount: true,
      credentialsFingerprint: true,
      flags: true,
    },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    take: TIMELINE_LIMIT,
  });
  return buildTimeline(entityType, events, now);
}

export const EVENT_ENTITY_TYPES = [
  "domain",
  "mailbox",
  "consent_request",
  "client_id_request",
  "mail_message",
] as const;
export const EVENT_OUTCOMES = ["applied", "stale", "ignored"] as const;

/** Free text: at least one word (letters or digits), see lib/queries/event-search.ts. */
const searchText = optionalText(200).refine(
  (v) => v === undefined || searchWords(v).length > 0,
  "expected at least one word (letters or digits)",
);

/** GET /api/events and the /events page; every name here is a contract (issue 13). */
export const eventsQuery = z.object({
  vendor: z.enum(["inboxkit", "inkbox"]).optional(),
  eventType: optionalText(200),
  entityType: z.enum(EVENT_ENTITY_TYPES).optional(),
  /** uid, e-mail address or domain name, partial. */
  entity: optionalText(200),
  workspace: optionalText(200),
  /** One status or a comma-separated list. */
  status: optionalText(300),
  outcome: z.enum(EVENT_OUTCOMES).optional(),
  /** Only events delivered more than once. */
  duplicates: flag,
  occurredFrom: isoInstant("from"),
  occurredTo: isoInstant("to"),
  receivedFrom: isoInstant("from"),
  receivedTo: isoInstant("to"),
  q: searchText,
  /** Keyset pagination: events with an id below this one. */
  before: beforeId,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type EventsQuery = z.infer<typeof eventsQuery>;
/** The filters alone (what the bulk re-apply and the CSV export take). */
export type EventFilters = Partial<Omit<EventsQuery, "before" | "limit">>;
export const EVENT_FILTER_KEYS = Object.keys(eventsQuery.shape).filter((k) => k !== "before" && k !== "limit");

const eventSelect = {
  id: true,
  vendor: true,
  eventType: true,
  entityType: true,
  entityUid: true,
  status: true,
  previousStatus: true,
  occurredAt: true,
  receivedAt: true,
  outcome: true,
  duplicateCount: true,
  workspaceId: true,
  headers: true,
} as const;

export type EventRow = Jsonified<Pick<WebhookEvent, Exclude<keyof typeof eventSelect, "headers">>> & {
  /** A readable name: the domain's name, the mailbox's address (a request: its mailbox's address or its domain). */
  label: string | null;
  /** The entity's page (Inkbox mail: its mailbox's), null when it has none. */
  href: string | null;
  headerEventMismatch: boolean;
};

/** Entities whose uid, e-mail address or domain name contains the text, at most this many. */
export const ENTITY_MATCH_LIMIT = 500;

/**
 * The entity uids a partial `entity` filter stands for: domains (uid, name), mailboxes (uid, e-mail,
 * domain), requests (uid; client-ID requests also by domain), plus the text itself (an Inkbox
 * mailbox address, a uid we hold no state for).
 */
async function entityCandidates(text: string): Promise<string[]> {
  const prisma = await ready();
  const like = textMatch(text);
  const take = ENTITY_MATCH_LIMIT;
  const [domains, mailboxes, consents, clientIds] = await Promise.all([
    prisma.domain.findMany({ where: { OR: [{ uid: like }, { name: like }] }, select: { uid: true }, take }),
    prisma.mailbox.findMany({
      where: { OR: [{ uid: like }, { email: like }, { domainName: like }] },
      select: { uid: true, email: true },
      take,
    }),
    prisma.consentRequest.findMany({ where: { uid: like }, select: { uid: true }, take }),
    prisma.clientIdRequest.findMany({
      where: { OR: [{ uid: like }, { domainName: like }] },
      select: { uid: true },
      take,
    }),
  ]);
  return [
    ...new Set([
      text,
      text.toLowerCase(),
      ...domains.map((d) => d.uid),
      ...mailboxes.flatMap((m) => [m.uid, m.email.toLowerCase()]),
      ...consents.map((c) => c.uid),
      ...clientIds.map((c) => c.uid),
    ]),
  ];
}

/**
 * The column the list reads newest first through its (column, id) index: entity type or vendor, when
 * it is the only filter with an index. PostgreSQL prefers to walk the primary key newest first and
 * skip the other rows, trusting them to be spread evenly; they are not (Inkbox mail is the newest
 * 5,000,000 of 7,000,000 events), and entityType=mailbox walked 500,500 rows of 700,000 (5.3 s at
 * BENCH_SCALE 0.1). There the equality is written as a range and the column leads the order, so only
 * that index gives the order and it is taken (0.5 ms); SQLite takes the index for the equality.
 */
function leadColumn(f: EventFilters): "entity_type" | "vendor" | null {
  if (f.eventType || f.entity || f.workspace || f.status || f.outcome || f.duplicates !== undefined) return null;
  return f.entityType ? "entity_type" : f.vendor ? "vendor" : null;
}

/**
 * `column = value` for the vendor and entity type filters, in the form that picks the right index:
 * the lead column as a range on PostgreSQL (leadColumn); a vendor that is not the lead is written so
 * that no index serves it (SQLite unary +, PostgreSQL `|| ''`): SQLite walked all 500,000 Inkbox
 * events through (vendor, id) for vendor=inkbox&entity=… rather than the entity's few (1.7 s at
 * BENCH_SCALE 0.1), and PostgreSQL did the same where its statistics made Inkbox look rare.
 */
function leadOrEqual(column: "vendor" | "entity_type", value: string, lead: string | null, provider: Provider) {
  const col = Prisma.raw(`e."${column}"`);
  if (column === lead && provider === "postgresql") return Prisma.sql`${col} >= ${value} AND ${col} <= ${value}`;
  if (column !== lead && column === "vendor")
    return provider === "sqlite" ? Prisma.sql`+${col} = ${value}` : Prisma.sql`(${col} || '') = ${value}`;
  return Prisma.sql`${col} = ${value}`;
}

/** ORDER BY for newest first: by the lead column first (a constant: the same order), then id. */
const newestFirst = (lead: string | null) =>
  lead ? Prisma.raw(`e."${lead}" DESC, e."id" DESC`) : Prisma.raw(`e."id" DESC`);

/** The filters but the search as SQL conditions on `webhook_events e` (the search is provider-specific). */
async function filterConditions(f: EventFilters, provider: Provider): Promise<Prisma.Sql[]> {
  const c: Prisma.Sql[] = [];
  const lead = leadColumn(f);
  if (f.vendor) c.push(leadOrEqual("vendor", f.vendor, lead, provider));
  if (f.entityType) c.push(leadOrEqual("entity_type", f.entityType, lead, provider));
  if (f.eventType) c.push(Prisma.sql`e."event_type" = ${f.eventType}`);
  if (f.entity) c.push(Prisma.sql`e."entity_uid" IN (${Prisma.join(await entityCandidates(f.entity))})`);
  if (f.workspace) c.push(Prisma.sql`e."workspace_id" = ${f.workspace}`);
  const status = statusMatch(f.status);
  if (typeof status === "string") c.push(Prisma.sql`e."status" = ${status}`);
  else if (status) c.push(Prisma.sql`e."status" IN (${Prisma.join(status.in)})`);
  if (f.outcome) c.push(Prisma.sql`e."outcome" = ${f.outcome}`);
  if (f.duplicates !== undefined)
    c.push(f.duplicates ? Prisma.sql`e."duplicate_count" > 1` : Prisma.sql`e."duplicate_count" = 1`);
  if (f.occurredFrom) c.push(Prisma.sql`e."occurred_at" >= ${f.occurredFrom}`);
  if (f.occurredTo) c.push(Prisma.sql`e."occurred_at" <= ${f.occurredTo}`);
  if (f.receivedFrom) c.push(Prisma.sql`e."received_at" >= ${f.receivedFrom}`);
  if (f.receivedTo) c.push(Prisma.sql`e."received_at" <= ${f.receivedTo}`);
  return c;
}

/**
 * Newest rows (of those the other filters keep) a PostgreSQL search checks one by one before it
 * asks the GIN index: a common word fills a page from them; a rare one goes to the index.
 */
export const SEARCH_WINDOW = 500;

/**
 * Below the window, when the other filters leave at most this many older rows, a search checks them
 * one by one rather than asking the GIN index: the index reads every row with the word, 190,946 for a
 * common word at 2,000,000 events (773 ms of a `q=echo&duplicates=true` read that found nothing
 * among 1,490 duplicates), where checking 5,000 payloads takes a few milliseconds.
 */
export const CANDIDATE_SCAN = 5_000;

type Where = ((extra: Prisma.Sql[]) => Prisma.Sql) & { order: Prisma.Sql };

/**
 * One read of the event list. On PostgreSQL it runs without parallel workers (SET LOCAL: this
 * transaction only): these statements read a few hundred rows at most, yet on a table of millions the
 * planner chose parallel plans, and starting the workers took 150-240 ms on a loaded machine for a
 * scan of 1-2 ms (benchmark, 2,000,000 events: rare-word search p95 651 ms). And with 32 MB for
 * a bitmap (SET LOCAL work_mem, default 4 MB): the GIN bitmap of a common word's 250,000 matches at
 * 7,000,000 events went lossy on 33,025 pages, so 632,784 rows were re-checked with to_tsvector (28 s,
 * an HTTP 500 on the statement timeout); exact, the same read took 1.2 s (psql, cold cache).
 */
async function serialRead<T>(db: Database, statement: Prisma.Sql): Promise<T> {
  if (db.provider !== "postgresql") return db.prisma.$queryRaw<T>(statement);
  const [, , rows] = await db.prisma.$transaction([
    db.prisma.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`,
    db.prisma.$executeRaw`SET LOCAL work_mem = '32MB'`,
    db.prisma.$queryRaw<T>(statement),
  ]);
  return rows;
}

type Ids = { id: number | bigint }[];

/** Whether at most `n` events meet `where` (reads at most n + 1 of them). */
async function atMost(db: Database, where: Prisma.Sql, n: number): Promise<boolean> {
  const [{ count }] = await serialRead<{ count: bigint }[]>(
    db,
    Prisma.sql`SELECT count(*) AS "count" FROM (SELECT 1 FROM "webhook_events" e ${where} LIMIT ${n + 1}) e`,
  );
  return Number(count) <= n;
}

/**
 * Rows a search walks below its window, at most: a word that matched there is looked for in the next
 * rows (twice as many as its share of the window says the page needs) before the GIN index is asked.
 * The index reads every match of the word, and every match is a heap page visited: q=echo, 250,000
 * matches at 7,000,000 events, took 1.2-3.6 s that way, where its next 50 lie within some 1,500 rows.
 */
export const SEARCH_WALK_MAX = 20_000;

/** How many rows to walk for `missing` more matches after `matched` in `window` rows (0: ask the index). */
export function walkLength(missing: number, matched: number, window: number): number {
  if (matched === 0) return 0;
  const needed = Math.ceil(((missing * window) / matched) * 2);
  return needed <= SEARCH_WALK_MAX ? needed : 0;
}

/** The newest `rows` rows `where` keeps, checked for the words: the matches newest first, the lowest id read. */
async function newestMatches(
  db: Database,
  words: string[],
  { where, order }: { where: Prisma.Sql; order: Prisma.Sql },
  rows: number,
): Promise<{ ids: number[]; floor: number | null; scanned: number }> {
  const [scan] = await serialRead<{ ids: number[] | null; floor: number | null; scanned: bigint }[]>(
    db,
    Prisma.sql`
      SELECT array_agg(e."id" ORDER BY e."id" DESC) FILTER (WHERE ${postgresPrefilter(words)} AND ${postgresSearch(words)}) AS "ids",
        min(e."id") AS "floor",
        count(*) AS "scanned"
      FROM (SELECT e."id", e."payload" FROM "webhook_events" e ${where} ORDER BY ${order} LIMIT ${rows}) e`,
  );
  return { ids: (scan.ids ?? []).map(Number), floor: scan.floor, scanned: Number(scan.scanned) };
}

/**
 * A PostgreSQL search in bounded steps, never one plan the planner may get wrong. Left to
 * itself it walks the primary key newest first and runs `to_tsvector` on every row until `limit`
 * match, because it cannot estimate how rare a word start is: for a word in 1 of 10,000 payloads that
 * read the whole table and hit the statement timeout (HTTP 500). Step 1 checks only the newest
 * SEARCH_WINDOW rows (to_tsvector only where the words occur at all). The words' share of that window
 * is the estimate of how common they are: when the page's rest lies within SEARCH_WALK_MAX rows at
 * that share, the next rows are walked the same way (walkLength). Last, for what is still missing:
 * when other filters leave at most CANDIDATE_SCAN older rows (a bounded count says so), it checks
 * those one by one; otherwise it reads every match from the GIN index.
 * Both are materialized CTEs, so no LIMIT can pull the plan back onto the primary key and the
 * planner cannot swap one way for the other on its guess of how common a word is.
 */
async function postgresSearchIds(
  db: Database,
  words: string[],
  where: Where,
  page: { limit: number; narrowed: boolean },
): Promise<number[]> {
  const { limit } = page;
  const search = postgresSearch(words);
  const window = Math.max(SEARCH_WINDOW, limit * 10);
  const order = where.order;
  let scan = await newestMatches(db, words, { where: where([]), order }, window);
  const found = scan.ids.slice(0, limit);
  if (found.length === limit || scan.scanned < window) return found;
  const walk = walkLength(limit - found.length, scan.ids.length, window);
  if (walk > 0) {
    scan = await newestMatches(db, words, { where: where([Prisma.sql`e."id" < ${scan.floor}`]), order }, walk);
    found.push(...scan.ids.slice(0, limit - found.length));
    if (found.length === limit || scan.scanned < walk) return found;
  }
  const below = [Prisma.sql`e."id" < ${scan.floor}`];
  const fewOlder = page.narrowed && (await atMost(db, where(below), CANDIDATE_SCAN));
  const rest = await serialRead<Ids>(
    db,
    fewOlder
      ? Prisma.sql`
          WITH "older" AS MATERIALIZED (
            SELECT e."id", e."payload" FROM "webhook_events" e ${where(below)}
          )
          SELECT e."id" FROM "older" e WHERE ${postgresPrefilter(words)} AND ${search}
          ORDER BY e."id" DESC LIMIT ${limit - found.length}`
      : Prisma.sql`
          WITH "matches" AS MATERIALIZED (
            SELECT e."id" FROM "webhook_events" e ${where([search, ...below])}
          )
          SELECT "id" FROM "matches" ORDER BY "id" DESC LIMIT ${limit - found.length}`,
  );
  return [...found, ...rest.map((r) => Number(r.id))];
}

/**
 * Ids of matching events, newest first, below `before`. With a search on SQLite the FTS5 table
 * drives the scan in descending rowid order, so a page stops after `limit` matches; on PostgreSQL
 * see postgresSearchIds.
 */
export async function matchingEventIds(f: EventFilters, page: { before?: number; limit: number }): Promise<number[]> {
  const db = database();
  await db.ready;
  const conditions = await filterConditions(f, db.provider);
  const narrowed = conditions.length > 0;
  if (page.before) conditions.push(Prisma.sql`e."id" < ${page.before}`);
  const where: Where = Object.assign(
    (extra: Prisma.Sql[]) => {
      const all = [...extra, ...conditions];
      return all.length ? Prisma.sql`WHERE ${Prisma.join(all, " AND ")}` : Prisma.empty;
    },
    { order: newestFirst(db.provider === "postgresql" ? leadColumn(f) : null) },
  );
  if (f.q && db.provider === "postgresql")
    return postgresSearchIds(db, searchWords(f.q), where, { limit: page.limit, narrowed });
  const rows = await serialRead<Ids>(
    db,
    f.q
      ? Prisma.sql`
          SELECT e."id" AS "id" FROM "webhook_events_fts" f JOIN "webhook_events" e ON e."id" = f."rowid"
          ${where([Prisma.sql`"webhook_events_fts" MATCH ${ftsQuery(searchWords(f.q))}`])}
          ORDER BY f."rowid" DESC LIMIT ${page.limit}`
      : Prisma.sql`
          SELECT e."id" AS "id" FROM "webhook_events" e ${where([])} ORDER BY ${where.order} LIMIT ${page.limit}`,
  );
  return rows.map((r) => Number(r.id));
}

/** X-InboxKit-Event disagrees with the body's `event` (the signed body wins). */
export function headerEventMismatch(eventType: string, headers: Record<string, string>): string | null {
  const header = headers["x-inboxkit-event"];
  return header !== undefined && header.trim() !== eventType ? header : null;
}

/** Newest first, by id (the insertion order), with a cursor for the next page. */
export async function recentEvents(query: EventsQuery): Promise<{ rows: EventRow[]; nextBefore: number | null }> {
  const ids = await matchingEventIds(query, { before: query.before, limit: query.limit + 1 });
  const pageIds = ids.slice(0, query.limit);
  return { rows: await eventRows(pageIds), nextBefore: ids.length > query.limit ? pageIds.at(-1)! : null };
}

/** The list rows of these events, newest first. */
async function eventRows(ids: number[]): Promise<EventRow[]> {
  const prisma = await ready();
  const rows = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    rows.push(...(await prisma.webhookEvent.findMany({ where: { id: { in: chunk } }, select: eventSelect })));
  }
  rows.sort((a, b) => b.id - a.id);
  const labels = await entityLabels(rows);
  return rows.map(({ headers, ...r }) => {
    const entity = labels.get(`${r.entityType}:${r.entityUid}`);
    return {
      ...jsonify(r),
      label: entity?.label ?? null,
      href: entity?.href ?? entityHref(r.entityType, r.entityUid),
      headerEventMismatch: headerEventMismatch(r.eventType, parseJsonColumn(headers, {})) !== null,
    };
  });
}

/** The event list for CSV: the same filters, newest first, at most EXPORT_LIMIT rows. */
export async function exportEvents(filters: EventFilters): Promise<EventRow[]> {
  return eventRows(await matchingEventIds(filters, { limit: EXPORT_LIMIT }));
}

export const EVENT_CSV_COLUMNS = [
  "id",
  "receivedAt",
  "occurredAt",
  "vendor",
  "eventType",
  "entityType",
  "entityUid",
  "label",
  "status",
  "previousStatus",
  "outcome",
  "duplicateCount",
  "workspaceId",
  "headerEventMismatch",
] as const satisfies (keyof EventRow)[];

/** Inkbox mail events name their mailbox by address (lib/webhooks/inkbox/parse.ts MAIL_ENTITY_TYPE). */
const MAIL_ENTITY = "mail_message";

type EntityLabel = { label: string; href?: string };

/**
 * A readable name per entity for a page of events: a domain's name, a mailbox's address, a consent
 * request's mailbox address, a client-ID request's domain (else its mailbox's address); Inkbox mail is
 * named by its address and opens that mailbox's page when we hold it.
 */
async function entityLabels(
  rows: { entityType: string | null; entityUid: string | null }[],
): Promise<Map<string, EntityLabel>> {
  const prisma = await ready();
  const uids = (type: string) => [
    ...new Set(rows.filter((r) => r.entityType === type && r.entityUid).map((r) => r.entityUid!)),
  ];
  const [domains, mailboxes, consents, clientIds, mailOwners] = await Promise.all([
    prisma.domain.findMany({ where: { uid: { in: uids("domain") } }, select: { uid: true, name: true } }),
    prisma.mailbox.findMany({ where: { uid: { in: uids("mailbox") } }, select: { uid: true, email: true } }),
    prisma.consentRequest.findMany({
      where: { uid: { in: uids("consent_request") } },
      select: { uid: true, mailboxId: true },
    }),
    prisma.clientIdRequest.findMany({
      where: { uid: { in: uids("client_id_request") } },
      select: { uid: true, mailboxId: true, domainName: true },
    }),
    prisma.mailbox.findMany({ where: { email: { in: uids(MAIL_ENTITY) } }, select: { uid: true, email: true } }),
  ]);
  const requestMailboxIds = [...consents, ...clientIds].map((r) => r.mailboxId).filter((id): id is string => !!id);
  const requestMailboxes = requestMailboxIds.length
    ? await prisma.mailbox.findMany({ where: { uid: { in: requestMailboxIds } }, select: { uid: true, email: true } })
    : [];
  const emails = new Map([...mailboxes, ...requestMailboxes].map((m) => [m.uid, m.email]));
  const out = new Map<string, EntityLabel>();
  for (const d of domains) out.set(`domain:${d.uid}`, { label: d.name });
  for (const m of mailboxes) out.set(`mailbox:${m.uid}`, { label: m.email });
  for (const c of consents) {
    const email = c.mailboxId ? emails.get(c.mailboxId) : undefined;
    if (email) out.set(`consent_request:${c.uid}`, { label: email });
  }
  for (const c of clientIds) {
    const name = c.domainName ?? (c.mailboxId ? emails.get(c.mailboxId) : undefined);
    if (name) out.set(`client_id_request:${c.uid}`, { label: name });
  }
  for (const email of uids(MAIL_ENTITY)) {
    const owner = mailOwners.find((m) => m.email === email);
    out.set(`${MAIL_ENTITY}:${email}`, { label: email, href: owner ? entityHref("mailbox", owner.uid)! : undefined });
  }
  return out;
}

type Winner = Jsonified<Pick<WebhookEvent, "id" | "eventType" | "status" | "occurredAt" | "receivedAt">>;

export type EventDetail = {
  /** The row but its payload, headers (both below), credentials fingerprint and flags. */
  event: Jsonified<Omit<WebhookEvent, "payload" | "headers" | "credentialsFingerprint" | "flags">>;
  /** The stored JSON (credentials removed); null once retention dropped it. */
  payload: unknown;
  /** The non-secret request headers of the first delivery; null for events stored before they were kept. */
  headers: Record<string, string> | null;
  /** X-InboxKit-Event said something else than the body's `event`; the signed body wins. */
  headerEventMismatch: { header: string; body: string } | null;
  entity: { type: string; uid: string; label: string | null; href: string | null } | null;
  /** For a stale event: the event the entity holds, which beat it. */
  winner: Winner | null;
};

const ENTITY_TABLE_ORDER = {
  domain: (uid: string) => ready().then((p) => p.domain.findUnique({ where: { uid }, select: { orderKey: true } })),
  mailbox: (uid: string) => ready().then((p) => p.mailbox.findUnique({ where: { uid }, select: { orderKey: true } })),
  consent_request: (uid: string) =>
    ready().then((p) => p.consentRequest.findUnique({ where: { uid }, select: { orderKey: true } })),
  client_id_request: (uid: string) =>
    ready().then((p) => p.clientIdRequest.findUnique({ where: { uid }, select: { orderKey: true } })),
} as const;

/** The event an entity's state came from: its order key ends with that event's dedupe key (lib/ordering.ts). */
async function heldEvent(entityType: string, uid: string): Promise<Winner | null> {
  const lookup = ENTITY_TABLE_ORDER[entityType as keyof typeof ENTITY_TABLE_ORDER];
  if (!lookup) return null;
  const row = await lookup(uid);
  if (!row) return null;
  const dedupeKey = row.orderKey.split("|").at(-1)!;
  const prisma = await ready();
  const event = await prisma.webhookEvent.findUnique({
    where: { dedupeKey },
    select: { id: true, eventType: true, status: true, occurredAt: true, receivedAt: true },
  });
  return event ? jsonify(event) : null;
}

export async function eventDetail(id: number): Promise<EventDetail | null> {
  const prisma = await ready();
  const row = await prisma.webhookEvent.findUnique({ where: { id } });
  if (!row) return null;
  const { payload, headers, credentialsFingerprint: _fingerprint, ...event } = row;
  const kept = headers === null ? null : parseJsonColumn<Record<string, string>>(headers, {});
  const mismatch = kept ? headerEventMismatch(row.eventType, kept) : null;
  const labels = await entityLabels([row]);
  const mailboxUid =
    row.entityType === "mail_message" && row.entityUid
      ? (await prisma.mailbox.findFirst({ where: { email: row.entityUid }, select: { uid: true } }))?.uid
      : undefined;
  const winner =
    row.outcome === "stale" && row.entityType && row.entityUid ? await heldEvent(row.entityType, row.entityUid) : null;
  return {
    event: jsonify(event),
    payload: row.payloadDroppedAt ? null : parseJsonColumn<unknown>(payload, null),
    headers: kept,
    headerEventMismatch: mismatch === null ? null : { header: mismatch, body: row.eventType },
    entity:
      row.entityType && row.entityUid
        ? {
            type: row.entityType,
            uid: row.entityUid,
            label: labels.get(`${row.entityType}:${row.entityUid}`)?.label ?? null,
            href: mailboxUid ? entityHref("mailbox", mailboxUid) : entityHref(row.entityType, row.entityUid),
          }
        : null,
    winner: winner && winner.id !== row.id ? winner : null,
  };
}
