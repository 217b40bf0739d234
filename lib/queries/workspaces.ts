// One workspace (a customer): its domains, mailboxes, requests and open banners.
import type { Banner } from "../banners";
import { openBanners } from "./onboarding";
import { jsonify, ready } from "./db";
import { domainRowSelect, RELATED_LIMIT, withMailboxCounts, type DomainRow } from "./domains";
import { mailboxRowSelect, type MailboxRow } from "./mailboxes";
import { requestsForScope, type RequestRow } from "./requests";
import { eventsQuery, recentEvents, type EventRow } from "./events";

/** The newest events a workspace page shows. */
export const WORKSPACE_EVENTS = 10;

export type WorkspaceData = {
  workspaceId: string;
  teamName: string | null;
  domains: DomainRow[];
  mailboxes: MailboxRow[];
  totals: { domains: number; mailboxes: number };
  requests: RequestRow[];
  banners: Banner[];
  /** The newest WORKSPACE_EVENTS events, labelled and linked as on the overview. */
  events: EventRow[];
};

/** null when nothing at all is stored for the workspace. */
export async function workspaceView(workspaceId: string): Promise<WorkspaceData | null> {
  const prisma = await ready();
  const where = { workspaceId };
  const [domains, mailboxes, domainCount, mailboxCount, requests, banners, events] = await Promise.all([
    prisma.domain.findMany({ where, select: domainRowSelect, orderBy: { name: "asc" }, take: RELATED_LIMIT }),
    prisma.mailbox.findMany({ where, select: mailboxRowSelect, orderBy: { email: "asc" }, take: RELATED_LIMIT }),
    prisma.domain.count({ where }),
    prisma.mailbox.count({ where }),
    requestsForScope({ workspaceId }),
    openBanners({ workspaceId }),
    recentEvents(eventsQuery.parse({ workspace: workspaceId, limit: WORKSPACE_EVENTS })),
  ]);
  if (domainCount + mailboxCount + requests.length === 0) return null;
  return {
    workspaceId,
    teamName: mailboxes[0]?.teamName ?? domains[0]?.teamName ?? requests[0]?.teamName ?? null,
    domains: await withMailboxCounts(domains.map(jsonify)),
    mailboxes: mailboxes.map(jsonify),
    totals: { domains: domainCount, mailboxes: mailboxCount },
    requests,
    banners,
    events: events.rows,
  };
}
