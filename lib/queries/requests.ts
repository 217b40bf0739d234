// Consent and client-ID requests: the /requests list (one request type at a time, server-side
// pages) and the requests that belong to a mailbox, a domain or a workspace.
import { z } from "zod";
import type { Prisma } from "../generated/sqlite/client";
import type { Timeline } from "../timeline";
import { clientIdSuspicion, consentUrlSuspicion } from "../banners";
import { consentUrlHosts } from "../config";
import { entityTimeline } from "./events";
import { countsByStatus, listQuery, pageOf, statusMatch, textMatch, totalOf, type ListParams, type Page } from "./list";
import { jsonify, parseJsonColumn, ready } from "./db";
import { mailboxUidsByEmail } from "./search";
import { attentionWhere, inStatusOrder, withInStatus } from "./in-status";
import type { InStatus } from "../attention/evaluate";

export const REQUEST_TYPES = ["consent_request", "client_id_request"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_SORTS = ["updated", "status", "firstSeen", "timeInStatus"] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];
export const requestListQuery = listQuery(REQUEST_SORTS, "updated")
  .omit({ platform: true })
  .extend({ type: z.enum(REQUEST_TYPES).default("consent_request") });
export type RequestListParams = ListParams<RequestSort> & { type: RequestType };

/** Both request types in one shape; fields a type does not have are null. */
export type RequestRow = {
  type: RequestType;
  uid: string;
  status: string;
  previousStatus: string | null;
  statusText: string | null;
  statusReason: string | null;
  retryCount: number | null;
  maxRetries: number | null;
  completedAt: string | null;
  mailboxId: string | null;
  mailboxEmail: string | null;
  domainName: string | null;
  consentUrl: string | null;
  clientId: string | null;
  /** Why the consent URL or client ID would not be shown to a customer (lib/banners.ts); null when it would. */
  suspicious: string | null;
  workspaceId: string | null;
  teamName: string | null;
  lastOccurredAt: string;
  firstSeenAt: string;
  /** Vendor time of the event that entered the current status. */
  statusSince: string | null;
  /** Time in status against its budget (the /requests list only). */
  inStatus?: InStatus;
};

const common = {
  uid: true,
  status: true,
  previousStatus: true,
  statusText: true,
  statusReason: true,
  retryCount: true,
  maxRetries: true,
  completedAt: true,
  mailboxId: true,
  workspaceId: true,
  teamName: true,
  lastOccurredAt: true,
  firstSeenAt: true,
  statusSince: true,
} as const;
const consentSelect = { ...common, consentUrl: true } as const;
const clientIdSelect = { ...common, domainName: true, clientId: true } as const;

type ConsentRecord = Prisma.ConsentRequestGetPayload<{ select: typeof consentSelect }>;
type ClientIdRecord = Prisma.ClientIdRequestGetPayload<{ select: typeof clientIdSelect }>;

function toRow(type: RequestType, record: ConsentRecord | ClientIdRecord, emails: Map<string, string>): RequestRow {
  const row = jsonify(record as ConsentRecord & Partial<ClientIdRecord>);
  return {
    ...row,
    type,
    consentUrl: row.consentUrl ?? null,
    clientId: row.clientId ?? null,
    suspicious:
      consentUrlSuspicion(row.consentUrl ?? null, consentUrlHosts()) ?? clientIdSuspicion(row.clientId ?? null),
    domainName: row.domainName ?? null,
    mailboxEmail: row.mailboxId ? (emails.get(row.mailboxId) ?? null) : null,
  };
}

async function mailboxEmails(ids: (string | null)[]): Promise<Map<string, string>> {
  const uids = [...new Set(ids.filter((id): id is string => !!id))];
  if (!uids.length) return new Map();
  const prisma = await ready();
  const rows = await prisma.mailbox.findMany({ where: { uid: { in: uids } }, select: { uid: true, email: true } });
  return new Map(rows.map((r) => [r.uid, r.email]));
}

type RequestOrder = Prisma.ConsentRequestOrderByWithRelationInput & Prisma.ClientIdRequestOrderByWithRelationInput;
const ORDER: Record<RequestSort, (dir: "asc" | "desc") => RequestOrder[]> = {
  updated: (dir) => [{ lastOccurredAt: dir }, { uid: dir }],
  status: (dir) => [{ status: dir }, { lastOccurredAt: "desc" }],
  firstSeen: (dir) => [{ firstSeenAt: dir }, { uid: dir }],
  timeInStatus: inStatusOrder,
};

/** Requests of mailboxes whose address contains the text, at most this many mailboxes. */
export const EMAIL_MATCH_LIMIT = 500;

/**
 * `q` finds a request by part of its uid, its mailbox's uid or part of that mailbox's address (any
 * case; lib/queries/search.ts), and a client-ID request also by part of its domain.
 */
async function textWhere(params: RequestListParams) {
  if (!params.q) return {};
  const mailboxIds = await mailboxUidsByEmail(params.q, EMAIL_MATCH_LIMIT);
  return {
    OR: [
      { uid: textMatch(params.q) },
      { mailboxId: params.q },
      ...(mailboxIds.length ? [{ mailboxId: { in: mailboxIds } }] : []),
      ...(params.type === "client_id_request" ? [{ domainName: textMatch(params.q) }] : []),
    ],
  };
}

/** `scope`: the text search's and the attention filter's parts (lib/queries/in-status.ts). */
function where(params: RequestListParams, scope: object, withStatus = true) {
  return {
    ...scope,
    ...(withStatus && params.status ? { status: statusMatch(params.status) } : {}),
    ...(params.workspace ? { workspaceId: params.workspace } : {}),
  };
}

export async function listRequests(params: RequestListParams, now: Date = new Date()): Promise<Page<RequestRow>> {
  const prisma = await ready();
  const dir = params.dir ?? (params.sort === "status" ? "asc" : "desc");
  const page = { orderBy: ORDER[params.sort](dir), skip: (params.page - 1) * params.pageSize, take: params.pageSize };
  const [text, only] = await Promise.all([textWhere(params), attentionWhere(params.type, params, now)]);
  const scope = { ...text, ...only };
  const [records, groups] =
    params.type === "consent_request"
      ? await Promise.all([
          prisma.consentRequest.findMany({ where: where(params, scope), select: consentSelect, ...page }),
          prisma.consentRequest.groupBy({ by: ["status"], where: where(params, scope, false), _count: { _all: true } }),
        ])
      : await Promise.all([
          prisma.clientIdRequest.findMany({ where: where(params, scope), select: clientIdSelect, ...page }),
          prisma.clientIdRequest.groupBy({
            by: ["status"],
            where: where(params, scope, false),
            _count: { _all: true },
          }),
        ]);
  const [emails, timed] = await Promise.all([
    mailboxEmails(records.map((r) => r.mailboxId)),
    withInStatus<ConsentRecord | ClientIdRecord>(params.type, records, now),
  ]);
  return pageOf(
    timed.map((r) => ({ ...toRow(params.type, r, emails), inStatus: r.inStatus })),
    totalOf(groups, params.status),
    params,
    dir,
    countsByStatus(groups),
  );
}

export const SCOPE_LIMIT = 200;

/** The requests of a mailbox (and its domain's client-ID requests) or of a workspace, newest first. */
export async function requestsForScope(scope: {
  mailboxId?: string;
  domainName?: string | null;
  workspaceId?: string;
}): Promise<RequestRow[]> {
  const prisma = await ready();
  const consentWhere = scope.workspaceId ? { workspaceId: scope.workspaceId } : { mailboxId: scope.mailboxId };
  const clientWhere = scope.workspaceId
    ? { workspaceId: scope.workspaceId }
    : { OR: [{ mailboxId: scope.mailboxId }, ...(scope.domainName ? [{ domainName: scope.domainName }] : [])] };
  const [consents, clientIds] = await Promise.all([
    prisma.consentRequest.findMany({
      where: consentWhere,
      select: consentSelect,
      orderBy: { lastOccurredAt: "desc" },
      take: SCOPE_LIMIT,
    }),
    prisma.clientIdRequest.findMany({
      where: clientWhere,
      select: clientIdSelect,
      orderBy: { lastOccurredAt: "desc" },
      take: SCOPE_LIMIT,
    }),
  ]);
  const emails = await mailboxEmails(consents.map((c) => c.mailboxId));
  return [
    ...consents.map((c) => toRow("consent_request", c, emails)),
    ...clientIds.map((c) => toRow("client_id_request", c, emails)),
  ].sort((a, b) => b.lastOccurredAt.localeCompare(a.lastOccurredAt));
}

/** One request with what it belongs to (mailbox, domain, workspace) and its status timeline. */
export type RequestData = {
  request: RequestRow & { changeDetails: unknown; teamId: string | null; updatedAt: string };
  mailbox: { uid: string; email: string } | null;
  domain: { uid: string; name: string } | null;
  timeline: Timeline;
};

const viewExtras = { changeDetails: true, teamId: true, updatedAt: true } as const;

/** A consent or client-ID request by uid (uids are the vendor's, unique across both kinds in practice; consent first). */
export async function requestView(uid: string, now: Date = new Date()): Promise<RequestData | null> {
  const prisma = await ready();
  const [consent, clientId] = await Promise.all([
    prisma.consentRequest.findUnique({ where: { uid }, select: { ...consentSelect, ...viewExtras } }),
    prisma.clientIdRequest.findUnique({ where: { uid }, select: { ...clientIdSelect, ...viewExtras } }),
  ]);
  const type: RequestType | null = consent ? "consent_request" : clientId ? "client_id_request" : null;
  const record = consent ?? clientId;
  if (!type || !record) return null;
  const mailbox = record.mailboxId
    ? await prisma.mailbox.findUnique({
        where: { uid: record.mailboxId },
        select: { uid: true, email: true, domainName: true },
      })
    : null;
  const domainName = ("domainName" in record ? record.domainName : null) ?? mailbox?.domainName ?? null;
  const domain = domainName
    ? await prisma.domain.findFirst({ where: { name: domainName }, select: { uid: true, name: true } })
    : null;
  const { changeDetails, teamId, updatedAt, ...fields } = record;
  const emails = new Map(mailbox ? [[mailbox.uid, mailbox.email]] : []);
  return {
    request: {
      ...toRow(type, fields, emails),
      changeDetails: parseJsonColumn<unknown>(changeDetails, null),
      teamId,
      updatedAt: updatedAt.toISOString(),
    },
    mailbox: mailbox ? { uid: mailbox.uid, email: mailbox.email } : null,
    domain,
    timeline: await entityTimeline(type, uid, now),
  };
}
