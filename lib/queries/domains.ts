// Domains: the list (filter, sort, paginate on the server) and one domain with its mailboxes and timeline.
import type { Prisma } from "../generated/sqlite/client";
import type { Timeline } from "../timeline";
import { entityTimeline } from "./events";
import {
  countsByStatus,
  EXPORT_LIMIT,
  listQuery,
  pageOf,
  statusMatch,
  textWhere,
  totalOf,
  type ListParams,
  type Page,
} from "./list";
import { jsonify, parseJsonColumn, ready, type Jsonified } from "./db";
import { mailboxRowSelect, type MailboxRow } from "./mailboxes";
import { attentionWhere, inStatusOrder, withInStatus } from "./in-status";
import type { InStatus } from "../attention/evaluate";

export const DOMAIN_SORTS = ["updated", "name", "status", "firstSeen", "timeInStatus"] as const;
export type DomainSort = (typeof DOMAIN_SORTS)[number];
export const domainListQuery = listQuery(DOMAIN_SORTS, "updated").omit({ platform: true });

const ORDER: Record<DomainSort, (dir: "asc" | "desc") => Prisma.DomainOrderByWithRelationInput[]> = {
  updated: (dir) => [{ lastOccurredAt: dir }, { uid: dir }],
  name: (dir) => [{ name: dir }, { uid: dir }],
  status: (dir) => [{ status: dir }, { lastOccurredAt: "desc" }],
  firstSeen: (dir) => [{ firstSeenAt: dir }, { uid: dir }],
  timeInStatus: inStatusOrder,
};
const DEFAULT_DIR: Record<DomainSort, "asc" | "desc"> = {
  updated: "desc",
  name: "asc",
  status: "asc",
  firstSeen: "desc",
  timeInStatus: "desc",
};

export const domainRowSelect = {
  uid: true,
  name: true,
  status: true,
  previousStatus: true,
  dnsPropagationStatus: true,
  connectionType: true,
  assignedMailboxes: true,
  availableMailboxes: true,
  workspaceId: true,
  teamName: true,
  lastOccurredAt: true,
  firstSeenAt: true,
  statusSince: true,
} as const;
/**
 * `mailboxCount`: mailboxes stored here on the domain (InboxKit's `assignedMailboxes` can differ);
 * `inStatus`: time in status against its budget (the list only).
 */
export type DomainRow = Jsonified<Prisma.DomainGetPayload<{ select: typeof domainRowSelect }>> & {
  mailboxCount?: number;
  inStatus?: InStatus;
};

/** The rows with how many mailboxes we hold on each (one grouped query over the indexed domain name). */
export async function withMailboxCounts<T extends { name: string }>(
  rows: T[],
): Promise<(T & { mailboxCount: number })[]> {
  if (rows.length === 0) return [];
  const prisma = await ready();
  const groups = await prisma.mailbox.groupBy({
    by: ["domainName"],
    where: { domainName: { in: [...new Set(rows.map((r) => r.name))] } },
    _count: { _all: true },
  });
  const counts = new Map(groups.map((g) => [g.domainName, g._count._all]));
  return rows.map((r) => ({ ...r, mailboxCount: counts.get(r.name) ?? 0 }));
}

/** The `q` filter's part of the where (lib/queries/list.ts `textWhere`). */
const domainText = (params: ListParams) =>
  textWhere("domains", { name: "name" }, params.q) as Promise<Prisma.DomainWhereInput>;

function where(
  params: ListParams,
  only: Prisma.DomainWhereInput,
  text: Prisma.DomainWhereInput,
  withStatus = true,
): Prisma.DomainWhereInput {
  return {
    ...only,
    ...text,
    ...(withStatus && params.status ? { status: statusMatch(params.status) } : {}),
    ...(params.workspace ? { workspaceId: params.workspace } : {}),
  };
}

export async function listDomains(params: ListParams<DomainSort>, now: Date = new Date()): Promise<Page<DomainRow>> {
  const prisma = await ready();
  const dir = params.dir ?? DEFAULT_DIR[params.sort];
  const [only, text] = await Promise.all([attentionWhere("domain", params, now), domainText(params)]);
  const [rows, groups] = await Promise.all([
    prisma.domain.findMany({
      where: where(params, only, text),
      select: domainRowSelect,
      orderBy: ORDER[params.sort](dir),
      skip: (params.page - 1) * params.pageSize,
      take: params.pageSize,
    }),
    prisma.domain.groupBy({ by: ["status"], where: where(params, only, text, false), _count: { _all: true } }),
  ]);
  const timed = (await withInStatus("domain", rows, now)).map(jsonify);
  return pageOf(await withMailboxCounts(timed), totalOf(groups, params.status), params, dir, countsByStatus(groups));
}

/** Every stored field of a domain (a domain carries no credentials), parsed where stored as JSON. */
export type DomainDetail = Omit<
  Jsonified<Prisma.DomainGetPayload<object>>,
  "nameservers" | "tags" | "changeDetails" | "orderKey"
> & {
  nameservers: string[];
  tags: string[];
  changeDetails: unknown;
};

export type DomainData = { domain: DomainDetail; mailboxes: MailboxRow[]; mailboxCount: number; timeline: Timeline };

export const RELATED_LIMIT = 200;

export async function domainView(uid: string): Promise<DomainData | null> {
  const prisma = await ready();
  const row = await prisma.domain.findUnique({ where: { uid } });
  if (!row) return null;
  const { orderKey: _orderKey, ...rest } = row;
  const mailboxWhere = { OR: [{ domainId: uid }, { domainName: row.name }] };
  const [mailboxes, mailboxCount, timeline] = await Promise.all([
    prisma.mailbox.findMany({
      where: mailboxWhere,
      select: mailboxRowSelect,
      orderBy: { email: "asc" },
      take: RELATED_LIMIT,
    }),
    prisma.mailbox.count({ where: mailboxWhere }),
    entityTimeline("domain", uid),
  ]);
  const domain: DomainDetail = {
    ...jsonify(rest),
    nameservers: parseJsonColumn<string[]>(row.nameservers, []),
    tags: parseJsonColumn<string[]>(row.tags, []),
    changeDetails: parseJsonColumn<unknown>(row.changeDetails, null),
  };
  return { domain, mailboxes: mailboxes.map(jsonify), mailboxCount, timeline };
}

/** Every row matching the list's filters, in its order, for a CSV export (capped at EXPORT_LIMIT). */
export async function exportDomains(params: ListParams<DomainSort>, now: Date = new Date()): Promise<DomainRow[]> {
  const prisma = await ready();
  const dir = params.dir ?? DEFAULT_DIR[params.sort];
  const rows = await prisma.domain.findMany({
    where: where(params, ...(await Promise.all([attentionWhere("domain", params, now), domainText(params)]))),
    select: domainRowSelect,
    orderBy: ORDER[params.sort](dir),
    take: EXPORT_LIMIT,
  });
  return rows.map(jsonify);
}
