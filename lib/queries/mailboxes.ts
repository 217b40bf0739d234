// Mailboxes: the list (filter, sort, paginate on the server) and one mailbox with its domain,
// requests, banners and timeline. Credentials are never stored; the detail says only whether a
// fingerprint is on file and when it last changed.
import type { Prisma } from "../generated/sqlite/client";
import type { Banner } from "../banners";
import type { Timeline } from "../timeline";
import { entityTimeline } from "./events";
import { openBanners } from "./onboarding";
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
import { requestsForScope, type RequestRow } from "./requests";
import {
  mailActivitySummaries,
  mailActivityView,
  normaliseEmail,
  SUMMARY_BATCH_MAX,
  type MailActivitySummary,
  type MailActivityView,
  type MailHealthState,
} from "./mail-activity";
import { attentionWhere, inStatusOrder, withInStatus } from "./in-status";
import { openItemParts } from "./attention";
import type { InStatus } from "../attention/evaluate";
import { FAILURE_STATES, MAILBOX_PROVISIONING, resolveBudgets } from "../attention/budgets";
import { stuckBudgets } from "./attention-queue";
import { mailOrder, refreshForSortedRead } from "./mail-order";

/** The order's keys are brought up to date before a `mailHealth` sort reads them. */
async function readyToSort(params: ListParams<MailboxSort>, now: Date): Promise<void> {
  if (params.sort === "mailHealth") await refreshForSortedRead(now);
}

export const MAILBOX_SORTS = [
  "updated",
  "email",
  "status",
  "platform",
  "firstSeen",
  "timeInStatus",
  "mailHealth",
] as const;
export type MailboxSort = (typeof MAILBOX_SORTS)[number];
export const mailboxListQuery = listQuery(MAILBOX_SORTS, "updated");

const ORDER: Record<MailboxSort, (dir: "asc" | "desc") => Prisma.MailboxOrderByWithRelationInput[]> = {
  updated: (dir) => [{ lastOccurredAt: dir }, { uid: dir }],
  email: (dir) => [{ email: dir }, { uid: dir }],
  status: (dir) => [{ status: dir }, { lastOccurredAt: "desc" }],
  platform: (dir) => [{ platform: dir }, { lastOccurredAt: "desc" }],
  firstSeen: (dir) => [{ firstSeenAt: dir }, { uid: dir }],
  timeInStatus: inStatusOrder,
  mailHealth: mailOrder,
};
const DEFAULT_DIR: Record<MailboxSort, "asc" | "desc"> = {
  updated: "desc",
  email: "asc",
  status: "asc",
  platform: "asc",
  firstSeen: "desc",
  timeInStatus: "desc",
  mailHealth: "asc",
};

export const mailboxRowSelect = {
  uid: true,
  email: true,
  firstName: true,
  lastName: true,
  status: true,
  previousStatus: true,
  platform: true,
  domainId: true,
  domainName: true,
  workspaceId: true,
  teamName: true,
  lastOccurredAt: true,
  firstSeenAt: true,
  statusSince: true,
  provisioningSince: true,
} as const;
/** `mail`: Inkbox mail health; `inStatus`: time in status against its budget (the list only). */
export type MailboxRow = Jsonified<Prisma.MailboxGetPayload<{ select: typeof mailboxRowSelect }>> & {
  mail?: MailActivitySummary | null;
  inStatus?: InStatus;
};

/** The `q` filter's part of the where (lib/queries/list.ts `textWhere`). */
const mailboxText = (params: ListParams) =>
  textWhere("mailboxes", { email: "email", domainName: "domain_name" }, params.q) as Promise<Prisma.MailboxWhereInput>;

function where(
  params: ListParams,
  only: Prisma.MailboxWhereInput,
  text: Prisma.MailboxWhereInput,
  withStatus = true,
): Prisma.MailboxWhereInput {
  return {
    ...only,
    ...text,
    ...(withStatus && params.status ? { status: statusMatch(params.status) } : {}),
    ...(params.platform ? { platform: params.platform.toUpperCase() } : {}),
    ...(params.workspace ? { workspaceId: params.workspace } : {}),
  };
}

/**
 * Every status the entity rule (attention.ts itemWhere) can let in, said once more beside it: the rule
 * is an OR over statuses, so SQLite counted it by status along the whole of mailboxes_attention_idx
 * (100,000 entries, 85 % of them active); with this IN it searches the index for these statuses only
 * (the entity count by status 49-112 ms -> 9-11 ms at full size, sqlite3 read-only, load 2-3).
 */
const ENTITY_STATUSES = {
  status: {
    in: [
      ...new Set([
        ...FAILURE_STATES.mailbox,
        ...MAILBOX_PROVISIONING,
        ...stuckBudgets("mailbox", resolveBudgets()).map((b) => b.status),
      ]),
    ],
  },
};

export async function listMailboxes(
  params: ListParams<MailboxSort>,
  now: Date = new Date(),
): Promise<Page<MailboxRow>> {
  const prisma = await ready();
  const dir = params.dir ?? DEFAULT_DIR[params.sort];
  const [parts, text] = await Promise.all([
    params.attention ? openItemParts("mailbox", now) : null,
    mailboxText(params),
    readyToSort(params, now),
  ]);
  const entity = parts && { AND: [ENTITY_STATUSES, parts.entity] };
  const only = parts ? { AND: [{ OR: [entity!, parts.mail!] }] } : {};
  const [rows, groups] = await Promise.all([
    prisma.mailbox.findMany({
      where: where(params, only, text),
      select: mailboxRowSelect,
      orderBy: ORDER[params.sort](dir),
      skip: (params.page - 1) * params.pageSize,
      take: params.pageSize,
    }),
    parts
      ? openCounts(entity!, parts.mail!, (part) => where(params, { AND: [part] }, text, false))
      : prisma.mailbox.groupBy({ by: ["status"], where: where(params, only, text, false), _count: { _all: true } }),
  ]);
  const [mail, timed] = await Promise.all([
    mailActivitySummaries(rows.map((r) => r.email)),
    withInStatus("mailbox", rows, now),
  ]);
  return pageOf(
    timed.map((r) => ({ ...jsonify(r), mail: mail[r.email.trim().toLowerCase()] ?? null })),
    totalOf(groups, params.status),
    params,
    dir,
    countsByStatus(groups),
  );
}

/**
 * `?attention=open`'s counts by status as entity rows + mail trouble rows - rows that are both, each
 * counted by the database: over the OR of the two rules SQLite read all 100,000 rows along
 * mailboxes_attention_idx (244 ms median in-process at full size, load 11), while both parts with the
 * mail rule search mailboxes_mail_verdict_idx (118 ms for the three).
 */
async function openCounts(
  entity: object,
  mail: object,
  filtered: (part: object) => Prisma.MailboxWhereInput,
): Promise<{ status: string; _count: { _all: number } }[]> {
  const prisma = await ready();
  const count = (part: object) =>
    prisma.mailbox.groupBy({ by: ["status"], where: filtered(part), _count: { _all: true } });
  const [entityRows, mailRows, both] = await Promise.all([count(entity), count(mail), count({ AND: [entity, mail] })]);
  const totals = new Map<string, number>();
  const add = (groups: typeof both, sign: number) => {
    for (const g of groups) totals.set(g.status, (totals.get(g.status) ?? 0) + sign * g._count._all);
  };
  add(entityRows, 1);
  add(mailRows, 1);
  add(both, -1);
  return [...totals].filter(([, n]) => n > 0).map(([status, n]) => ({ status, _count: { _all: n } }));
}

/** Every stored field except the fingerprint itself and the internal order key. */
export type MailboxDetail = Omit<
  Jsonified<Prisma.MailboxGetPayload<object>>,
  "credentialsFingerprint" | "orderKey" | "changeDetails"
> & {
  credentialsOnFile: boolean;
  changeDetails: unknown;
};

export type MailboxDomain = { uid: string; name: string; status: string } | null;

export type MailboxData = {
  mailbox: MailboxDetail;
  domain: MailboxDomain;
  requests: RequestRow[];
  banners: Banner[];
  timeline: Timeline;
  mail: MailActivityView;
};

export async function mailboxView(uid: string): Promise<MailboxData | null> {
  const prisma = await ready();
  const row = await prisma.mailbox.findUnique({ where: { uid } });
  if (!row) return null;
  const { credentialsFingerprint, orderKey: _orderKey, changeDetails, ...rest } = row;
  const domainMatch = [
    ...(row.domainId ? [{ uid: row.domainId }] : []),
    ...(row.domainName ? [{ name: row.domainName }] : []),
  ];
  const [domain, requests, banners, timeline, mail] = await Promise.all([
    domainMatch.length
      ? prisma.domain.findFirst({
          where: { OR: domainMatch },
          select: { uid: true, name: true, status: true },
          orderBy: { lastOccurredAt: "desc" },
        })
      : null,
    requestsForScope({ mailboxId: uid, domainName: row.domainName }),
    openBanners({ mailboxId: uid }),
    entityTimeline("mailbox", uid),
    mailActivityView(row.email),
  ]);
  return {
    mailbox: {
      ...jsonify(rest),
      credentialsOnFile: !!credentialsFingerprint,
      changeDetails: parseJsonColumn(changeDetails, null),
    },
    domain,
    requests,
    banners,
    timeline,
    mail,
  };
}

export type MailboxExportRow = Jsonified<Prisma.MailboxGetPayload<{ select: typeof mailboxRowSelect }>> & {
  mailHealth: MailHealthState;
};

/**
 * Every row matching the list's filters, in its order, for a CSV export (capped at EXPORT_LIMIT),
 * each with its mail health state.
 */
export async function exportMailboxes(
  params: ListParams<MailboxSort>,
  now: Date = new Date(),
): Promise<MailboxExportRow[]> {
  const prisma = await ready();
  const dir = params.dir ?? DEFAULT_DIR[params.sort];
  const [only, text] = await Promise.all([
    attentionWhere("mailbox", params, now),
    mailboxText(params),
    readyToSort(params, now),
  ]);
  const rows = await prisma.mailbox.findMany({
    where: where(params, only, text),
    select: mailboxRowSelect,
    orderBy: ORDER[params.sort](dir),
    take: EXPORT_LIMIT,
  });
  const out: MailboxExportRow[] = [];
  for (let i = 0; i < rows.length; i += SUMMARY_BATCH_MAX) {
    const batch = rows.slice(i, i + SUMMARY_BATCH_MAX);
    const mail = await mailActivitySummaries(
      batch.map((r) => r.email),
      now,
    );
    for (const r of batch)
      out.push({ ...jsonify(r), mailHealth: mail[normaliseEmail(r.email)]?.health.state ?? "no_mail" });
  }
  return out;
}
