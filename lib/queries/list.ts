// What every operator list shares: query parameters (zod, from URL search params), server-side
// pagination, sorting on indexed columns, and JSON-ready rows (dates as ISO strings). Lists stay
// fast at 10,000+ rows: filters hit indexed columns, pages are `take`/`skip` on an indexed order,
// and counts are single grouped queries.
import { z } from "zod";
import { Prisma } from "../generated/sqlite/client";
import { database } from "../db/client";
import { optionalText } from "./params";

import { DEFAULT_PAGE_SIZE } from "../page-sizes";

export { DEFAULT_PAGE_SIZE, PAGE_SIZES } from "../page-sizes";
/** A CSV export holds at most this many rows (narrow the filters for more). */
export const EXPORT_LIMIT = 10_000;

/**
 * The common parameters; each list picks its sortable columns (`platform` is for the mailboxes list only;
 * `timeInStatus` sorts by lib/queries/in-status.ts `inStatusOrder`).
 */
export function listQuery<const S extends readonly [string, ...string[]]>(sorts: S, defaultSort: S[number]) {
  return z.object({
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(DEFAULT_PAGE_SIZE),
    sort: z.enum(sorts).default(defaultSort),
    dir: z.enum(["asc", "desc"]).optional(),
    status: optionalText(100),
    platform: optionalText(50),
    workspace: optionalText(200),
    q: optionalText(200),
    /** `open`: only rows with an open attention item (lib/queries/in-status.ts). */
    attention: z.enum(["open"], { error: 'expected "open" (rows with an open attention item)' }).optional(),
  });
}

export type ListParams<S extends string = string> = {
  page: number;
  pageSize: number;
  sort: S;
  dir?: "asc" | "desc";
  status?: string;
  platform?: string;
  workspace?: string;
  q?: string;
  attention?: "open";
};

export type Page<T> = {
  rows: T[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
  sort: string;
  dir: "asc" | "desc";
  /** Rows per status under the other filters (so a status filter shows what the others hold). */
  statusCounts: Record<string, number>;
};

/** A URLSearchParams (or Next's searchParams object) as a plain record for zod. */
export function searchRecord(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): Record<string, string> {
  if (params instanceof URLSearchParams) return Object.fromEntries(params.entries());
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") out[key] = first;
  }
  return out;
}

/** A case-insensitive substring match (SQLite's LIKE already is for ASCII; PostgreSQL needs the mode). */
export function textMatch(value: string): { contains: string } {
  const insensitive = database().provider === "postgresql" ? { mode: "insensitive" } : {};
  return { contains: value, ...insensitive } as { contains: string };
}

/** On SQLite a list's `q` filter binds the matching uids when at most this many rows match. */
export const TEXT_UIDS_MAX = 5_000;

/**
 * A list's `q` filter: one of `fields` (Prisma field to its column) contains `q` in any case, or the
 * uid is `q`. PostgreSQL answers the `contains` from trigram indexes (migration
 * 20261202090000_list_text_trigram_indexes). On SQLite no index serves a part in the middle: the page
 * then walked the order index and looked up every row for a handful of matches (2 s at 100,000
 * mailboxes), so one scan finds the matching uids first and the page and the counts read only
 * those; when more than TEXT_UIDS_MAX match, a page fills fast along the order index as before.
 */
export async function textWhere(
  table: "mailboxes" | "domains",
  fields: Record<string, string>,
  q: string | undefined,
): Promise<object> {
  if (!q) return {};
  const anyField = { OR: [...Object.keys(fields).map((field) => ({ [field]: textMatch(q) })), { uid: q }] };
  const db = database();
  if (db.provider !== "sqlite") return anyField;
  await db.ready;
  // Unescaped, as Prisma's `contains` sends it (a `_` matches any one character): the same rows either way.
  const pattern = `%${q}%`;
  const rows = await db.prisma.$queryRaw<{ uid: string }[]>`SELECT "uid" FROM ${Prisma.raw(`"${table}"`)}
    WHERE ${Prisma.join(
      Object.values(fields).map((column) => Prisma.sql`${Prisma.raw(`"${column}"`)} LIKE ${pattern}`),
      " OR ",
    )} OR "uid" = ${q} LIMIT ${TEXT_UIDS_MAX + 1}`;
  return rows.length > TEXT_UIDS_MAX ? anyField : { uid: { in: rows.map((r) => r.uid) } };
}

/** Status filter: one status or a comma-separated list. */
export function statusMatch(status: string | undefined): string | { in: string[] } | undefined {
  if (!status) return undefined;
  const list = status
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length === 1 ? list[0] : { in: list };
}

export function pageOf<T>(
  rows: T[],
  total: number,
  params: ListParams,
  dir: "asc" | "desc",
  statusCounts: Record<string, number>,
): Page<T> {
  return {
    rows,
    page: params.page,
    pageSize: params.pageSize,
    total,
    pages: Math.max(1, Math.ceil(total / params.pageSize)),
    sort: params.sort,
    dir,
    statusCounts,
  };
}

/**
 * A list's total from its status counts (taken under the other filters): the rows of the statuses
 * the status filter keeps, all without one. Saves the list a count statement, which on SQLite read
 * every row a text filter (`q=`) matched a second time. Pure.
 */
export function totalOf(groups: { status: string | null; _count: { _all: number } }[], status?: string): number {
  const keep = statusMatch(status);
  const kept = keep === undefined ? null : new Set(typeof keep === "string" ? [keep] : keep.in);
  return groups.reduce((n, g) => (kept && !kept.has(g.status ?? "") ? n : n + g._count._all), 0);
}

export function countsByStatus(groups: { status: string | null; _count: { _all: number } }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of groups) out[g.status ?? "unknown"] = g._count._all;
  return out;
}
