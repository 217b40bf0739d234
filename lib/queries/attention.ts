// The attention queue's reads: the facts lib/attention/evaluate.ts needs, read narrowly. Only rows
// that can be an item are read: failure states, pending requests, and rows in a budgeted status
// whose `status_since` is older than the budget (an indexed range per status: (status,
// status_since)). Mail health reads only addresses with a bounce or failure in the last 24 h, and
// refused deliveries only the last hour, grouped.
//
// attentionItems(now) is the one function other features (notifications) build on: every item at
// `now`, acknowledged and snoozed ones flagged; openAttentionItems(now) leaves those out.
import type { Prisma } from "../generated/sqlite/client";
import type { EntityType } from "../ordering";
import {
  CUSTOMER_ACTION_STATUS,
  DEFAULT_BUDGETS,
  DNS_PROPAGATION_FAILURES,
  FAILURE_STATES,
  MAILBOX_PROVISIONING,
  PROVISIONING,
  resolveBudgets,
  type Budgets,
} from "../attention/budgets";
import {
  drafts,
  evaluate,
  isOpen,
  type AttentionItem,
  type EntityFact,
  type Facts,
  type Handling,
  type MailFact,
  type RefusedFact,
} from "../attention/evaluate";
import { pageItems, selectItems, type AttentionPage, type AttentionQuery } from "../attention/page";
import { failedDestinations } from "../notify/failures";
import { mailActivitySummaries, SUMMARY_BATCH_MAX } from "./mail-activity";
import { ready } from "./db";

type Prisma_ = Awaited<ReturnType<typeof ready>>;
const CHUNK = 500;
const HOUR_MS = 3_600_000;
export const MAIL_WINDOW_MS = 24 * HOUR_MS;
export const REFUSED_WINDOW_MS = HOUR_MS;
const MAIL_PROBLEM_EVENTS = ["message.bounced", "message.failed"];

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function loadBudgets(prisma?: Prisma_): Promise<Budgets> {
  const db = prisma ?? (await ready());
  return resolveBudgets(
    await db.attentionBudget.findMany({ select: { entityType: true, status: true, seconds: true } }),
  );
}

/** Rows in `status` that entered it before `cutoff` (a row from before the column counts from its last change). */
const olderThan = (status: string, cutoff: Date) => ({
  status,
  OR: [{ statusSince: { lte: cutoff } }, { statusSince: null, lastOccurredAt: { lte: cutoff } }],
});

/** The where clause of an entity type's candidates: failure states, pending requests, and over-budget rows. */
function candidateWhere(type: EntityType, budgets: Budgets, now: Date, workspace?: string) {
  const overBudget = DEFAULT_BUDGETS.filter(
    (b) =>
      b.entityType === type &&
      b.status !== PROVISIONING &&
      !(b.status === CUSTOMER_ACTION_STATUS && type.endsWith("_request")),
  ).map((b) => olderThan(b.status, new Date(now.getTime() - budgets.get(`${type}:${b.status}`)! * 1000)));
  const or: object[] = [{ status: { in: [...FAILURE_STATES[type]] } }, ...overBudget];
  if (type === "domain") or.push({ dnsPropagationStatus: { in: [...DNS_PROPAGATION_FAILURES] } });
  if (type === "consent_request" || type === "client_id_request") or.push({ status: CUSTOMER_ACTION_STATUS });
  if (type === "mailbox") {
    const whole = budgets.get(`mailbox:${PROVISIONING}`)!;
    or.push({
      status: { in: [...MAILBOX_PROVISIONING] },
      provisioningSince: { lte: new Date(now.getTime() - whole * 1000) },
    });
  }
  return { OR: or, ...(workspace ? { workspaceId: workspace } : {}) };
}

const common = { uid: true, status: true, statusSince: true, lastOccurredAt: true, workspaceId: true } as const;

/** Newest lastOccurredAt per subject, to drop requests a newer one for the same subject replaced (as banners do). */
async function newestBy(
  prisma: Prisma_,
  type: "consent_request" | "client_id_request",
  subjects: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(subjects)) {
    const groups =
      type === "consent_request"
        ? (
            await prisma.consentRequest.groupBy({
              by: ["mailboxId"],
              where: { mailboxId: { in: part } },
              _max: { lastOccurredAt: true },
            })
          ).map((g) => [g.mailboxId, g._max.lastOccurredAt] as const)
        : (
            await prisma.clientIdRequest.groupBy({
              by: ["domainName"],
              where: { domainName: { in: part } },
              _max: { lastOccurredAt: true },
            })
          ).map((g) => [g.domainName, g._max.lastOccurredAt] as const);
    for (const [subject, at] of groups) if (subject && at) out.set(subject, at.getTime());
  }
  return out;
}

const supersededBy = (newest: Map<string, number>, subject: string | null, at: Date) =>
  !!subject && (newest.get(subject) ?? 0) > at.getTime();

async function emailsOf(prisma: Prisma_, uids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(uids)])) {
    for (const m of await prisma.mailbox.findMany({ where: { uid: { in: part } }, select: { uid: true, email: true } }))
      out.set(m.uid, m.email);
  }
  return out;
}

async function entityFacts(prisma: Prisma_, budgets: Budgets, now: Date, workspace?: string): Promise<EntityFact[]> {
  const [domains, mailboxes, consents, clientIds] = await Promise.all([
    prisma.domain.findMany({
      where: candidateWhere("domain", budgets, now, workspace) as Prisma.DomainWhereInput,
      select: { ...common, name: true, dnsPropagationStatus: true },
    }),
    prisma.mailbox.findMany({
      where: candidateWhere("mailbox", budgets, now, workspace) as Prisma.MailboxWhereInput,
      select: { ...common, email: true, provisioningSince: true },
    }),
    prisma.consentRequest.findMany({
      where: candidateWhere("consent_request", budgets, now, workspace) as Prisma.ConsentRequestWhereInput,
      select: { ...common, mailboxId: true },
    }),
    prisma.clientIdRequest.findMany({
      where: candidateWhere("client_id_request", budgets, now, workspace) as Prisma.ClientIdRequestWhereInput,
      select: { ...common, domainName: true },
    }),
  ]);
  const [newestConsent, newestClientId, emails] = await Promise.all([
    newestBy(prisma, "consent_request", [
      ...new Set(consents.map((c) => c.mailboxId).filter((id): id is string => !!id)),
    ]),
    newestBy(prisma, "client_id_request", [
      ...new Set(clientIds.map((c) => c.domainName).filter((d): d is string => !!d)),
    ]),
    emailsOf(
      prisma,
      consents.map((c) => c.mailboxId).filter((id): id is string => !!id),
    ),
  ]);
  return [
    ...domains.map(({ name, ...d }) => ({ ...d, entityType: "domain" as const, label: name })),
    ...mailboxes.map(({ email, ...m }) => ({ ...m, entityType: "mailbox" as const, label: email })),
    ...consents
      .filter((c) => !supersededBy(newestConsent, c.mailboxId, c.lastOccurredAt))
      .map(({ mailboxId, ...c }) => ({
        ...c,
        entityType: "consent_request" as const,
        label: (mailboxId && emails.get(mailboxId)) || mailboxId || c.uid,
      })),
    ...clientIds
      .filter((c) => !supersededBy(newestClientId, c.domainName, c.lastOccurredAt))
      .map(({ domainName, ...c }) => ({ ...c, entityType: "client_id_request" as const, label: domainName || c.uid })),
  ];
}

/** Addresses whose Inkbox mail is failing or whose bounces are rising (lib/queries/mail-activity.ts rules). */
async function mailFacts(prisma: Prisma_, now: Date, workspace?: string): Promise<MailFact[]> {
  const problems = await prisma.mailActivity.groupBy({
    by: ["mailboxEmail"],
    where: { eventType: { in: MAIL_PROBLEM_EVENTS }, occurredAt: { gte: new Date(now.getTime() - MAIL_WINDOW_MS) } },
    _min: { occurredAt: true },
  });
  const out: MailFact[] = [];
  for (const part of chunks(problems, SUMMARY_BATCH_MAX)) {
    const summaries = await mailActivitySummaries(
      part.map((p) => p.mailboxEmail),
      now,
    );
    const flagged = part.filter((p) => ["failing", "bounces_rising"].includes(summaries[p.mailboxEmail]?.health.state));
    if (!flagged.length) continue;
    const mailboxes = await prisma.mailbox.findMany({
      where: { email: { in: flagged.map((p) => p.mailboxEmail) } },
      select: { uid: true, email: true, workspaceId: true },
    });
    const byEmail = new Map(mailboxes.map((m) => [m.email.toLowerCase(), m]));
    for (const p of flagged) {
      const mailbox = byEmail.get(p.mailboxEmail);
      const state = summaries[p.mailboxEmail].health.state as MailFact["state"];
      out.push({
        email: p.mailboxEmail,
        mailboxUid: mailbox?.uid ?? null,
        workspaceId: mailbox?.workspaceId ?? null,
        state,
        since: p._min.occurredAt ?? now,
      });
    }
  }
  return workspace ? out.filter((m) => m.workspaceId === workspace) : out;
}

/**
 * Refusals per vendor and reason received within [from, to]: the stored rows, plus those only
 * counted past the storage cap (lib/webhooks/quarantine.ts). A counter knows its hour, not its
 * moments, so every hour that overlaps the window counts whole, and its refusals are taken as
 * arriving no earlier than `from`: past the cap a flood still raises its item and its alert, at
 * worst for up to an hour longer than stored rows would.
 */
export async function refusalCounts(prisma: Prisma_, from: Date, to: Date): Promise<RefusedFact[]> {
  const [groups, counters] = await Promise.all([
    prisma.rejectedDelivery.groupBy({
      by: ["vendor", "reason"],
      where: { receivedAt: { gte: from, lte: to } },
      _count: { _all: true },
      _min: { receivedAt: true },
    }),
    prisma.refusalCounter.findMany({
      where: { hour: { gt: new Date(from.getTime() - HOUR_MS), lte: to } },
      select: { vendor: true, reason: true, hour: true, count: true },
    }),
  ]);
  const facts = new Map<string, RefusedFact>();
  const add = (vendor: string, reason: string, count: number, first: Date, counted: number) => {
    const fact = facts.get(`${vendor}:${reason}`) ?? { vendor, reason, count: 0, counted: 0, first };
    fact.count += count;
    fact.counted = (fact.counted ?? 0) + counted;
    if (first < fact.first) fact.first = first;
    facts.set(`${vendor}:${reason}`, fact);
  };
  for (const g of groups) add(g.vendor, g.reason, g._count._all, g._min.receivedAt ?? to, 0);
  for (const c of counters) add(c.vendor, c.reason, c.count, c.hour < from ? from : c.hour, c.count);
  return [...facts.values()];
}

async function refusedFacts(prisma: Prisma_, now: Date, workspace?: string): Promise<RefusedFact[]> {
  if (workspace) return []; // a refusal belongs to no workspace
  return refusalCounts(prisma, new Date(now.getTime() - REFUSED_WINDOW_MS), now);
}

async function handlingFor(prisma: Prisma_, ids: string[]): Promise<Handling[]> {
  const out: Handling[] = [];
  for (const part of chunks(ids)) {
    out.push(
      ...(await prisma.attentionHandling.findMany({
        where: { itemId: { in: part } },
        select: { itemId: true, acknowledgedBy: true, acknowledgedAt: true, note: true, snoozedUntil: true },
      })),
    );
  }
  return out;
}

export async function attentionFacts(
  now: Date,
  options: { workspace?: string } = {},
): Promise<{ facts: Facts; budgets: Budgets }> {
  const prisma = await ready();
  const budgets = await loadBudgets(prisma);
  const [entities, mail, refused, notifications] = await Promise.all([
    entityFacts(prisma, budgets, now, options.workspace),
    mailFacts(prisma, now, options.workspace),
    refusedFacts(prisma, now, options.workspace),
    options.workspace ? [] : failedDestinations(prisma), // a channel belongs to no workspace
  ]);
  return { facts: { entities, mail, refused, notifications }, budgets };
}

/**
 * Every attention item at `now` (optionally of one workspace), in queue order: severity, then age.
 * Acknowledged and snoozed items are included and flagged (`acknowledged`, `snoozedUntil`); an
 * item's `id` is stable while its condition lasts.
 */
export async function attentionItems(
  now: Date = new Date(),
  options: { workspace?: string } = {},
): Promise<AttentionItem[]> {
  const { facts, budgets } = await attentionFacts(now, options);
  const handling = await handlingFor(
    await ready(),
    drafts(facts, budgets, now).map((d) => d.id),
  );
  return evaluate(facts, budgets, handling, now);
}

/** The queue proper: items nobody has acknowledged or snoozed. */
export async function openAttentionItems(
  now: Date = new Date(),
  options: { workspace?: string } = {},
): Promise<AttentionItem[]> {
  return (await attentionItems(now, options)).filter(isOpen);
}

/** What the overview shows beside an item: the workspace's name, and what the customer is asked to use. */
export type ItemDetail = { workspaceName: string | null; consentUrl: string | null; clientId: string | null };

async function itemDetails(items: AttentionItem[]): Promise<Record<string, ItemDetail>> {
  const prisma = await ready();
  const workspaceIds = [...new Set(items.map((i) => i.workspaceId).filter((w): w is string => !!w))];
  const uidsOf = (type: string) => items.filter((i) => i.entityType === type && i.uid).map((i) => i.uid!);
  const [settings, consents, clientIds] = await Promise.all([
    workspaceIds.length
      ? prisma.workspaceSettings.findMany({
          where: { workspaceId: { in: workspaceIds } },
          select: { workspaceId: true, displayName: true },
        })
      : [],
    uidsOf("consent_request").length
      ? prisma.consentRequest.findMany({
          where: { uid: { in: uidsOf("consent_request") } },
          select: { uid: true, consentUrl: true },
        })
      : [],
    uidsOf("client_id_request").length
      ? prisma.clientIdRequest.findMany({
          where: { uid: { in: uidsOf("client_id_request") } },
          select: { uid: true, clientId: true },
        })
      : [],
  ]);
  const names = new Map(settings.map((s) => [s.workspaceId, s.displayName]));
  const urls = new Map(consents.map((c) => [c.uid, c.consentUrl]));
  const ids = new Map(clientIds.map((c) => [c.uid, c.clientId]));
  return Object.fromEntries(
    items.map((i) => [
      i.id,
      {
        workspaceName: (i.workspaceId && names.get(i.workspaceId)) || null,
        consentUrl: i.entityType === "consent_request" ? (urls.get(i.uid ?? "") ?? null) : null,
        clientId: i.entityType === "client_id_request" ? (ids.get(i.uid ?? "") ?? null) : null,
      },
    ]),
  );
}

export type AttentionResponse = AttentionPage & { details: Record<string, ItemDetail> };

/** GET /api/attention: one page of the queue, with its total and counts (never silently capped). */
export async function attentionPage(query: AttentionQuery, now: Date = new Date()): Promise<AttentionResponse> {
  const items = await attentionItems(now, { workspace: query.workspace });
  const page = pageItems(selectItems(items, query), query);
  return { ...page, details: await itemDetails(page.items) };
}
