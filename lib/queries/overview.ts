// The overview page: counts by status, onboarding in flight per workspace, open banners (customer
// action needed), recent events, and refused deliveries in the last 24 hours.
import type { Banner } from "../banners";
import { domainStatus, mailboxStatus, type Tone } from "../customer-status";
import { eventsQuery, recentEvents, type EventRow } from "./events";
import { workspacesBanners } from "./onboarding";
import { countsByStatus } from "./list";
import { ready } from "./db";
import { deliveriesQuery, listDeliveries, type DeliveryRow } from "./deliveries";
import { recentDeliveriesPerHour, type DeliveryHour } from "./charts";
import { funnel, type Funnel } from "../funnel";

export type WorkspaceProgress = {
  workspaceId: string;
  teamName: string | null;
  total: number;
  done: number;
  working: number;
  attention: number;
  problem: number;
  inactive: number;
};

export type Overview = {
  counts: {
    domains: Record<string, number>;
    mailboxes: Record<string, number>;
    consentRequests: Record<string, number>;
    clientIdRequests: Record<string, number>;
  };
  inFlight: WorkspaceProgress[];
  banners: { workspaceId: string; banners: Banner[] }[];
  events: EventRow[];
  rejected: { last24h: number; latest: DeliveryRow[] };
  /** The last 7 days, hour by hour (UTC), oldest first. */
  deliveries: DeliveryHour[];
  /** Hours of the chart still being counted (after a deploy), shown as zero meanwhile. */
  deliveriesPendingHours: number;
  funnel: { domains: Funnel; mailboxes: Funnel };
};

/** Workspaces shown under "in flight" and checked for banners, at most. */
export const OVERVIEW_WORKSPACES = 12;
const OPEN_REQUEST = ["queued", "pending", "processing", "failed", "errored"];

type Group = { workspaceId: string | null; status: string; _count: { _all: number } };

/** Per workspace, how many domains and mailboxes are in each plain-language tone. Pure. */
export function workspaceProgress(
  domains: Group[],
  mailboxes: Group[],
  teams: Map<string, string | null>,
): WorkspaceProgress[] {
  const byWorkspace = new Map<string, WorkspaceProgress>();
  const add = (groups: Group[], tone: (status: string) => Tone) => {
    for (const g of groups) {
      if (!g.workspaceId) continue;
      const w = byWorkspace.get(g.workspaceId) ?? {
        workspaceId: g.workspaceId,
        teamName: teams.get(g.workspaceId) ?? null,
        total: 0,
        done: 0,
        working: 0,
        attention: 0,
        problem: 0,
        inactive: 0,
      };
      w.total += g._count._all;
      w[tone(g.status)] += g._count._all;
      byWorkspace.set(g.workspaceId, w);
    }
  };
  add(domains, (s) => domainStatus(s).tone);
  add(mailboxes, (s) => mailboxStatus(s).tone);
  return [...byWorkspace.values()]
    .filter((w) => w.working + w.attention + w.problem > 0)
    .sort(
      (a, b) =>
        b.problem + b.attention - (a.problem + a.attention) ||
        b.working - a.working ||
        a.workspaceId.localeCompare(b.workspaceId),
    );
}

/** Groups by (workspace, status) summed by status, in the shape of a groupBy by status. Pure. */
export function statusTotals(groups: Group[]): { status: string; _count: { _all: number } }[] {
  const totals = new Map<string, number>();
  for (const g of groups) totals.set(g.status, (totals.get(g.status) ?? 0) + g._count._all);
  return [...totals].map(([status, n]) => ({ status, _count: { _all: n } }));
}

type OpenRequests = {
  groupBy(args: {
    by: ["workspaceId"];
    where: { status: { in: string[] }; workspaceId: { not: null } };
    orderBy: { workspaceId: "asc" };
    take: number;
  }): Promise<{ workspaceId: string | null }[]>;
};

/**
 * The first workspaces (by id) with an open request of this kind: grouped and limited in the
 * database (Prisma's `distinct` reads every open request and dedupes in the server).
 */
async function openRequestWorkspaces(table: OpenRequests) {
  return table.groupBy({
    by: ["workspaceId"],
    where: { status: { in: OPEN_REQUEST }, workspaceId: { not: null } },
    orderBy: { workspaceId: "asc" },
    take: OVERVIEW_WORKSPACES,
  });
}

/**
 * The team name of each of these workspaces (from its mailboxes), read for the in-flight workspaces
 * only: reading one per workspace over all mailboxes took 1.9 s at 10,000 mailboxes (Prisma's
 * `distinct` dedupes in the server).
 */
async function teamNames(workspaceIds: string[]): Promise<Map<string, string | null>> {
  if (workspaceIds.length === 0) return new Map();
  const prisma = await ready();
  const rows = await prisma.mailbox.groupBy({
    by: ["workspaceId"],
    where: { workspaceId: { in: workspaceIds } },
    _max: { teamName: true },
  });
  return new Map(rows.map((r) => [r.workspaceId!, r._max.teamName]));
}

export async function overview(): Promise<Overview> {
  const prisma = await ready();
  // Domains and mailboxes by status are the sums of their (workspace, status) groups, which the
  // in-flight list needs anyway (a workspace-less row is a group of its own): one index scan per
  // table instead of two (100,000 mailboxes).
  const [consents, clientIds, domainWs, mailboxWs, openRequests, events, rejected] = await Promise.all([
    prisma.consentRequest.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.clientIdRequest.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.domain.groupBy({ by: ["workspaceId", "status"], _count: { _all: true } }),
    prisma.mailbox.groupBy({ by: ["workspaceId", "status"], _count: { _all: true } }),
    Promise.all([openRequestWorkspaces(prisma.consentRequest), openRequestWorkspaces(prisma.clientIdRequest)]),
    recentEvents(eventsQuery.parse({ limit: 12 })),
    listDeliveries(deliveriesQuery.parse({ hours: 24, limit: 5 })),
  ]);
  const domains = statusTotals(domainWs);
  const mailboxes = statusTotals(mailboxWs);
  const chart = await recentDeliveriesPerHour();
  const inFlight = workspaceProgress(domainWs, mailboxWs, new Map()).slice(0, OVERVIEW_WORKSPACES);
  const teams = await teamNames(inFlight.map((w) => w.workspaceId));
  const workspaces = [...new Set(openRequests.flat().map((r) => r.workspaceId!))].slice(0, OVERVIEW_WORKSPACES);
  const byWorkspace = await workspacesBanners(workspaces);
  const banners = workspaces
    .map((workspaceId) => ({ workspaceId, banners: byWorkspace.get(workspaceId)! }))
    .filter((w) => w.banners.length > 0);
  return {
    counts: {
      domains: countsByStatus(domains),
      mailboxes: countsByStatus(mailboxes),
      consentRequests: countsByStatus(consents),
      clientIdRequests: countsByStatus(clientIds),
    },
    inFlight: inFlight.map((w) => ({ ...w, teamName: teams.get(w.workspaceId) ?? null })),
    banners,
    events: events.rows,
    rejected: { last24h: rejected.last24h, latest: rejected.rows },
    deliveries: chart.hours,
    deliveriesPendingHours: chart.pendingHours,
    funnel: {
      domains: funnel(countsByStatus(domains), "domain"),
      mailboxes: funnel(countsByStatus(mailboxes), "mailbox"),
    },
  };
}
