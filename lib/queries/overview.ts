// The overview page: counts by status, onboarding in flight per workspace, open banners (customer
// action needed), recent events, and refused deliveries in the last 24 hours.
import type { Banner } from "../banners";
import { domainStatus, mailboxStatus, type Tone } from "../customer-status";
import { eventsQuery, recentEvents, type EventRow } from "./events";
import { openBanners } from "./onboarding";
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

export async function overview(): Promise<Overview> {
  const prisma = await ready();
  const [domains, mailboxes, consents, clientIds, domainWs, mailboxWs, openRequests, events, rejected] =
    await Promise.all([
      prisma.domain.groupBy({ by: ["status"], _count: { _all: true } }),
      prisma.mailbox.groupBy({ by: ["status"], _count: { _all: true } }),
      prisma.consentRequest.groupBy({ by: ["status"], _count: { _all: true } }),
      prisma.clientIdRequest.groupBy({ by: ["status"], _count: { _all: true } }),
      prisma.domain.groupBy({ by: ["workspaceId", "status"], _count: { _all: true } }),
      prisma.mailbox.groupBy({ by: ["workspaceId", "status"], _count: { _all: true } }),
      Promise.all([
        prisma.consentRequest.findMany({
          where: { status: { in: OPEN_REQUEST }, workspaceId: { not: null } },
          select: { workspaceId: true },
          distinct: ["workspaceId"],
          orderBy: { workspaceId: "asc" },
          take: OVERVIEW_WORKSPACES,
        }),
        prisma.clientIdRequest.findMany({
          where: { status: { in: OPEN_REQUEST }, workspaceId: { not: null } },
          select: { workspaceId: true },
          distinct: ["workspaceId"],
          orderBy: { workspaceId: "asc" },
          take: OVERVIEW_WORKSPACES,
        }),
      ]),
      recentEvents(eventsQuery.parse({ limit: 12 })),
      listDeliveries(deliveriesQuery.parse({ hours: 24, limit: 5 })),
    ]);
  const deliveries = await recentDeliveriesPerHour();
  const teamRows = await prisma.mailbox.findMany({
    where: { workspaceId: { not: null } },
    select: { workspaceId: true, teamName: true },
    distinct: ["workspaceId"],
    take: 1000,
  });
  const teams = new Map(teamRows.map((t) => [t.workspaceId!, t.teamName]));
  const workspaces = [...new Set(openRequests.flat().map((r) => r.workspaceId!))].slice(0, OVERVIEW_WORKSPACES);
  const banners = (
    await Promise.all(
      workspaces.map(async (workspaceId) => ({ workspaceId, banners: await openBanners({ workspaceId }) })),
    )
  ).filter((w) => w.banners.length > 0);
  return {
    counts: {
      domains: countsByStatus(domains),
      mailboxes: countsByStatus(mailboxes),
      consentRequests: countsByStatus(consents),
      clientIdRequests: countsByStatus(clientIds),
    },
    inFlight: workspaceProgress(domainWs, mailboxWs, teams).slice(0, OVERVIEW_WORKSPACES),
    banners,
    events: events.rows,
    rejected: { last24h: rejected.last24h, latest: rejected.rows },
    deliveries,
    funnel: {
      domains: funnel(countsByStatus(domains), "domain"),
      mailboxes: funnel(countsByStatus(mailboxes), "mailbox"),
    },
  };
}
