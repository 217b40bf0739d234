// webhook_events read models: one entity's status timeline, and the recent-events feed.
import { z } from "zod";
import type { EntityType } from "../ordering";
import { buildTimeline, type Timeline } from "../timeline";
import { jsonify, ready, type Jsonified } from "./list";

/** Timelines read at most this many events per entity (a real entity has a few dozen). */
export const TIMELINE_LIMIT = 1000;

export async function entityTimeline(entityType: EntityType, entityUid: string, now: Date = new Date()): Promise<Timeline> {
  const prisma = await ready();
  const events = await prisma.webhookEvent.findMany({
    where: { entityType, entityUid },
    select: {
      id: true, eventType: true, status: true, previousStatus: true, occurredAt: true, receivedAt: true,
      lastSeenAt: true, outcome: true, duplicateCount: true, credentialsFingerprint: true,
    },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    take: TIMELINE_LIMIT,
  });
  return buildTimeline(entityType, events, now);
}

export const eventsQuery = z.object({
  entityType: z.enum(["domain", "mailbox", "consent_request", "client_id_request"]).optional(),
  outcome: z.enum(["applied", "stale", "ignored"]).optional(),
  workspace: z.string().trim().max(200).optional().transform((v) => v || undefined),
  vendor: z.string().trim().max(50).optional().transform((v) => v || undefined),
  /** Keyset pagination: events with an id below this one. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type EventsQuery = z.infer<typeof eventsQuery>;

const eventSelect = {
  id: true, vendor: true, eventType: true, entityType: true, entityUid: true, status: true, previousStatus: true,
  occurredAt: true, receivedAt: true, outcome: true, duplicateCount: true, workspaceId: true,
} as const;

export type EventRow = Jsonified<{
  id: number; vendor: string; eventType: string; entityType: string | null; entityUid: string | null; status: string | null;
  previousStatus: string | null; occurredAt: Date; receivedAt: Date; outcome: string; duplicateCount: number; workspaceId: string | null;
}> & { label: string | null };

/** Newest first, by id (the insertion order), with a cursor for the next page. */
export async function recentEvents(query: EventsQuery): Promise<{ rows: EventRow[]; nextBefore: number | null }> {
  const prisma = await ready();
  const rows = await prisma.webhookEvent.findMany({
    where: {
      entityType: query.entityType, outcome: query.outcome, workspaceId: query.workspace, vendor: query.vendor,
      ...(query.before ? { id: { lt: query.before } } : {}),
    },
    select: eventSelect,
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const labels = await entityLabels(page);
  return {
    rows: page.map((r) => ({ ...jsonify(r), label: labels.get(`${r.entityType}:${r.entityUid}`) ?? null })),
    nextBefore: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

/** A readable name per entity (domain name, mailbox address) for a page of events. */
async function entityLabels(rows: { entityType: string | null; entityUid: string | null }[]): Promise<Map<string, string>> {
  const prisma = await ready();
  const uids = (type: string) => [...new Set(rows.filter((r) => r.entityType === type && r.entityUid).map((r) => r.entityUid!))];
  const [domains, mailboxes] = await Promise.all([
    prisma.domain.findMany({ where: { uid: { in: uids("domain") } }, select: { uid: true, name: true } }),
    prisma.mailbox.findMany({ where: { uid: { in: uids("mailbox") } }, select: { uid: true, email: true } }),
  ]);
  return new Map([...domains.map((d) => [`domain:${d.uid}`, d.name] as const), ...mailboxes.map((m) => [`mailbox:${m.uid}`, m.email] as const)]);
}
