// Global search (GET /api/search, the `/` or Ctrl/⌘-K box on every operator page): mailboxes by
// address or uid, domains by name or uid, workspaces by id, consent and client-ID requests by uid, all
// case-insensitive. Matches at the start of a value come first and answer from the *_search_idx
// indexes (migration 20261202003000_search_indexes: NOCASE on SQLite, lower(column) text_pattern_ops
// on PostgreSQL). Addresses and domain names are also found by a part in the middle ("doe@acme"):
// when a kind has fewer than SEARCH_LIMIT matches at the start and the text has 3+ characters, those
// fill it (PostgreSQL: from pg_trgm indexes; SQLite: a scan, about 10 ms per 100,000 mailboxes). Uids and workspace ids match at their start only (a scan per
// kind and keystroke costs too much at 100,000 rows). Each kind answers at most SEARCH_LIMIT rows.
import { z } from "zod";
import { Prisma } from "../generated/sqlite/client";
import { database } from "../db/client";
import type { Provider } from "../db/provider";
import { entityHref } from "../entity-links";

export const SEARCH_LIMIT = 6;
export const SEARCH_MIN_LENGTH = 2;

/** The expression indexes the prefix matches use (Prisma cannot declare them; the drift test checks them). */
export const SEARCH_INDEXES = [
  "mailboxes_email_search_idx",
  "mailboxes_uid_search_idx",
  "mailboxes_workspace_id_search_idx",
  "domains_name_search_idx",
  "domains_uid_search_idx",
  "domains_workspace_id_search_idx",
  "consent_requests_uid_search_idx",
  "client_id_requests_uid_search_idx",
] as const;
/** PostgreSQL only (pg_trgm): a part in the middle of an address or a domain name. */
export const SEARCH_TRIGRAM_INDEXES = ["mailboxes_email_trgm_search_idx", "domains_name_trgm_search_idx"] as const;
/**
 * PostgreSQL only (pg_trgm): the lists' `q` (lib/queries/list.ts `textWhere`) and the event log's
 * entity filter (lib/queries/events.ts `entityCandidates`), whose `contains` is `"column" ILIKE '%x%'`
 * on the plain column, which the lower(column) indexes above cannot serve.
 */
export const LIST_TRIGRAM_INDEXES = [
  "mailboxes_email_trgm_idx",
  "mailboxes_domain_name_trgm_idx",
  "domains_name_trgm_idx",
  // The event log's entity filter (lib/queries/events.ts entityCandidates): a part of a uid too.
  "mailboxes_uid_trgm_idx",
  "domains_uid_trgm_idx",
  "consent_requests_uid_trgm_idx",
  "client_id_requests_uid_trgm_idx",
  "client_id_requests_domain_name_trgm_idx",
] as const;

/** GET /api/search: `q` only; shorter than SEARCH_MIN_LENGTH characters (after trimming) is a 400. */
export const searchQuery = z.object({
  q: z
    .string({ error: "the text to search for is required" })
    .trim()
    .min(SEARCH_MIN_LENGTH, `type at least ${SEARCH_MIN_LENGTH} characters`)
    .max(200),
});

export const SEARCH_KINDS = ["mailbox", "domain", "workspace", "request"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export type SearchHit = {
  /** For a badge: the entity type whose status this is (requests: consent_request or client_id_request). */
  type: "mailbox" | "domain" | "workspace" | "consent_request" | "client_id_request";
  title: string;
  detail: string | null;
  status: string | null;
  href: string;
};
export type SearchGroup = { kind: SearchKind; label: string; hits: SearchHit[] };
export type SearchResult = { q: string; groups: SearchGroup[] };

type Table = "mailboxes" | "domains" | "consent_requests" | "client_id_requests";
type Match = "prefix" | "contains";

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One column compared case-insensitively, in the form its search index answers. */
function like(provider: Provider, column: string, q: string, match: Match): Prisma.Sql {
  const body = escapeLike(q.toLowerCase());
  const pattern = match === "prefix" ? `${body}%` : `%${body}%`;
  return provider === "sqlite"
    ? Prisma.sql`${Prisma.raw(`"${column}"`)} LIKE ${pattern} ESCAPE '\\'`
    : Prisma.sql`lower(${Prisma.raw(`"${column}"`)}) LIKE ${pattern}`;
}

/** A part in the middle is looked for only from this many characters on. */
export const CONTAINS_MIN_LENGTH = 3;

/**
 * Rows of `table` where one of `columns` starts with `q` (indexed), then, when fewer than `limit`
 * do, rows where one of `inside` contains it. `select`, `order` and `groupBy` are trusted SQL.
 */
export async function matchRows<T>(
  table: Table,
  q: string,
  options: { columns: string[]; inside?: string[]; select: string; order: string; limit: number; groupBy?: string },
): Promise<T[]> {
  const db = database();
  await db.ready;
  const any = (columns: string[], match: Match) =>
    Prisma.sql`(${Prisma.join(
      columns.map((c) => like(db.provider, c, q, match)),
      " OR ",
    )})`;
  const run = (where: Prisma.Sql, limit: number) =>
    db.prisma.$queryRaw<T[]>`SELECT ${Prisma.raw(options.select)} FROM ${Prisma.raw(`"${table}"`)}
      WHERE ${where} ${options.groupBy ? Prisma.raw(`GROUP BY ${options.groupBy}`) : Prisma.empty}
      ORDER BY ${Prisma.raw(options.order)} LIMIT ${limit}`;
  const starting = await run(any(options.columns, "prefix"), options.limit);
  if (starting.length >= options.limit || !options.inside?.length || q.length < CONTAINS_MIN_LENGTH) return starting;
  const containing = await run(
    Prisma.sql`${any(options.inside, "contains")} AND NOT ${any(options.columns, "prefix")}`,
    options.limit - starting.length,
  );
  return [...starting, ...containing];
}

type MailboxRow = { uid: string; email: string; status: string; workspace_id: string | null };
type DomainRow = { uid: string; name: string; status: string; workspace_id: string | null };
type WorkspaceRow = { workspace_id: string; team_name: string | null };
type RequestRow = { uid: string; status: string; mailbox_id: string | null; domain_name?: string | null };

/** Mailbox uids whose address contains `q` (any case), addresses starting with it first. */
export async function mailboxUidsByEmail(q: string, limit: number): Promise<string[]> {
  const rows = await matchRows<{ uid: string }>("mailboxes", q, {
    columns: ["email"],
    inside: ["email"],
    select: `"uid"`,
    order: `"email"`,
    limit,
  });
  return rows.map((r) => r.uid);
}

async function mailboxes(q: string): Promise<SearchHit[]> {
  const rows = await matchRows<MailboxRow>("mailboxes", q, {
    columns: ["email", "uid"],
    inside: ["email"],
    select: `"uid", "email", "status", "workspace_id"`,
    order: `"email", "uid"`,
    limit: SEARCH_LIMIT,
  });
  return rows.map((r) => ({
    type: "mailbox",
    title: r.email,
    detail: [r.uid, r.workspace_id].filter(Boolean).join(" · "),
    status: r.status,
    href: entityHref("mailbox", r.uid)!,
  }));
}

async function domains(q: string): Promise<SearchHit[]> {
  const rows = await matchRows<DomainRow>("domains", q, {
    columns: ["name", "uid"],
    inside: ["name"],
    select: `"uid", "name", "status", "workspace_id"`,
    order: `"name", "uid"`,
    limit: SEARCH_LIMIT,
  });
  return rows.map((r) => ({
    type: "domain",
    title: r.name,
    detail: [r.uid, r.workspace_id].filter(Boolean).join(" · "),
    status: r.status,
    href: entityHref("domain", r.uid)!,
  }));
}

async function workspaces(q: string): Promise<SearchHit[]> {
  const options = {
    columns: ["workspace_id"],
    select: `"workspace_id", MAX("team_name") AS "team_name"`,
    groupBy: `"workspace_id"`,
    order: `"workspace_id"`,
    limit: SEARCH_LIMIT,
  };
  const [fromMailboxes, fromDomains] = [
    await matchRows<WorkspaceRow>("mailboxes", q, options),
    await matchRows<WorkspaceRow>("domains", q, options),
  ];
  const byId = new Map<string, string | null>();
  for (const r of [...fromMailboxes, ...fromDomains]) byId.set(r.workspace_id, byId.get(r.workspace_id) ?? r.team_name);
  return [...byId].slice(0, SEARCH_LIMIT).map(([id, team]) => ({
    type: "workspace",
    title: id,
    detail: team,
    status: null,
    href: `/workspaces/${encodeURIComponent(id)}`,
  }));
}

async function requests(q: string): Promise<SearchHit[]> {
  const options = { columns: ["uid"], order: `"uid"`, limit: SEARCH_LIMIT };
  const consents = await matchRows<RequestRow>("consent_requests", q, {
    ...options,
    select: `"uid", "status", "mailbox_id"`,
  });
  const clientIds = await matchRows<RequestRow>("client_id_requests", q, {
    ...options,
    select: `"uid", "status", "mailbox_id", "domain_name"`,
  });
  const rows = [
    ...consents.map((r) => ({ ...r, type: "consent_request" as const })),
    ...clientIds.map((r) => ({ ...r, type: "client_id_request" as const })),
  ].slice(0, SEARCH_LIMIT);
  const ids = [...new Set(rows.map((r) => r.mailbox_id).filter((id): id is string => !!id))];
  const db = database();
  const emails = new Map(
    ids.length
      ? (await db.prisma.mailbox.findMany({ where: { uid: { in: ids } }, select: { uid: true, email: true } })).map(
          (m) => [m.uid, m.email],
        )
      : [],
  );
  return rows.map((r) => ({
    type: r.type,
    title: r.uid,
    detail: [
      r.type === "consent_request" ? "Consent request" : "Client-ID request",
      (r.mailbox_id && emails.get(r.mailbox_id)) ?? r.domain_name ?? r.mailbox_id,
    ]
      .filter(Boolean)
      .join(" · "),
    status: r.status,
    href: entityHref(r.type, r.uid)!,
  }));
}

const KINDS: { kind: SearchKind; label: string; find: (q: string) => Promise<SearchHit[]> }[] = [
  { kind: "mailbox", label: "Mailboxes", find: mailboxes },
  { kind: "domain", label: "Domains", find: domains },
  { kind: "workspace", label: "Workspaces", find: workspaces },
  { kind: "request", label: "Requests", find: requests },
];

/** Every kind, in this order, each with at most SEARCH_LIMIT hits (an empty kind is kept, with no hits). */
export async function search(q: string): Promise<SearchResult> {
  const groups: SearchGroup[] = [];
  // One kind after the other: SQLite has one connection, and each query is a short index range.
  for (const { kind, label, find } of KINDS) groups.push({ kind, label, hits: await find(q) });
  return { q, groups };
}
