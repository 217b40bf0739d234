// Read models for onboarding: the open banners of a workspace or mailbox (operator and customer
// pages), and the customer's progress page. Everything returned to a customer is chosen field by
// field here: names, addresses and plain-language statuses, never uids, fingerprints, order keys,
// team ids or payloads.
import { createHash } from "node:crypto";
import { database } from "../db/client";
import { bannersFor, HELD_BACK_MESSAGE, type Banner, type PublicBanner } from "../banners";
import { consentUrlHosts } from "../config";
import { domainStatus, mailboxStatus, platformName, type PlainStatus, type Tone } from "../customer-status";

/** The customer page lists at most this many domains and mailboxes (and says how many more). */
export const CUSTOMER_LIST_LIMIT = 500;

const requestSelect = {
  uid: true,
  status: true,
  statusText: true,
  statusReason: true,
  retryCount: true,
  maxRetries: true,
  mailboxId: true,
  lastOccurredAt: true,
} as const;

export type BannerScope = { workspaceId?: string | null; mailboxId?: string | null };

/**
 * Open banners for a workspace, a mailbox, or both. Requests are read whatever their status (the
 * newest request per mailbox/domain decides), limited to the scope; a mailbox's client-ID banner is
 * its domain's.
 */
export async function openBanners(scope: BannerScope): Promise<Banner[]> {
  if (!scope.workspaceId && !scope.mailboxId) throw new Error("openBanners needs a workspaceId or a mailboxId");
  const db = database();
  await db.ready;
  const mailbox = scope.mailboxId
    ? await db.prisma.mailbox.findUnique({ where: { uid: scope.mailboxId }, select: { domainName: true } })
    : null;
  const workspace = scope.workspaceId ? { workspaceId: scope.workspaceId } : {};
  const [consents, clientIds] = await Promise.all([
    db.prisma.consentRequest.findMany({
      where: { ...workspace, ...(scope.mailboxId ? { mailboxId: scope.mailboxId } : {}) },
      select: { ...requestSelect, consentUrl: true },
      orderBy: { lastOccurredAt: "desc" },
      take: 1000,
    }),
    db.prisma.clientIdRequest.findMany({
      where: {
        ...workspace,
        ...(scope.mailboxId
          ? {
              OR: [
                { mailboxId: scope.mailboxId },
                ...(mailbox?.domainName ? [{ domainName: mailbox.domainName }] : []),
              ],
            }
          : {}),
      },
      select: { ...requestSelect, domainName: true, clientId: true },
      orderBy: { lastOccurredAt: "desc" },
      take: 1000,
    }),
  ]);
  const mailboxIds = [...new Set(consents.map((c) => c.mailboxId).filter((id): id is string => !!id))];
  const mailboxes = mailboxIds.length
    ? await db.prisma.mailbox.findMany({
        where: { uid: { in: mailboxIds } },
        select: { uid: true, email: true, platform: true },
      })
    : [];
  const byUid = new Map(mailboxes.map((m) => [m.uid, m]));
  return bannersFor(
    consents.map((c) => ({
      ...c,
      mailboxEmail: byUid.get(c.mailboxId ?? "")?.email ?? null,
      platform: byUid.get(c.mailboxId ?? "")?.platform ?? null,
    })),
    clientIds,
    consentUrlHosts(),
  );
}

/**
 * A banner for a customer: no uid or operator note, and a key derived from it that reveals nothing.
 * A suspicious banner becomes "your provider is preparing a step": nothing of its URL or client ID.
 */
export function publicBanner(banner: Banner): PublicBanner {
  const { uid: _uid, suspicious, ...rest } = banner;
  const key = `${banner.requestType}:${createHash("sha256").update(banner.key).digest("hex").slice(0, 16)}`;
  if (suspicious === null) return { ...rest, key } as PublicBanner;
  const { requestType, status, mailbox, domainName, updatedAt } = banner;
  return { key, requestType, status, mailbox, domainName, updatedAt, state: "in_progress", message: HELD_BACK_MESSAGE };
}

export type CustomerItem = { key: string; name: string; detail: string | null; status: PlainStatus; since: string };
export type CustomerOnboarding = {
  workspaceId: string;
  banners: PublicBanner[];
  domains: CustomerItem[];
  mailboxes: CustomerItem[];
  totals: { domains: number; mailboxes: number; active: number; byTone: Record<Tone, number> };
  more: { domains: number; mailboxes: number };
  lastUpdate: string | null;
};

/** A customer-safe key: a position, not a uid. */
const itemKey = (kind: string, index: number) => `${kind}-${index + 1}`;

/** The customer's progress page. Only this function decides what a customer link can see. */
export async function customerOnboarding(workspaceId: string): Promise<CustomerOnboarding> {
  const db = database();
  await db.ready;
  const where = { workspaceId };
  const [domains, mailboxes, domainCount, mailboxCount, banners] = await Promise.all([
    db.prisma.domain.findMany({
      where,
      select: { name: true, status: true, lastOccurredAt: true },
      orderBy: { name: "asc" },
      take: CUSTOMER_LIST_LIMIT,
    }),
    db.prisma.mailbox.findMany({
      where,
      select: { email: true, firstName: true, lastName: true, platform: true, status: true, lastOccurredAt: true },
      orderBy: { email: "asc" },
      take: CUSTOMER_LIST_LIMIT,
    }),
    db.prisma.domain.count({ where }),
    db.prisma.mailbox.count({ where }),
    openBanners({ workspaceId }),
  ]);

  const domainItems = domains.map((d, i) => ({
    key: itemKey("domain", i),
    name: d.name,
    detail: null,
    status: domainStatus(d.status),
    since: d.lastOccurredAt.toISOString(),
  }));
  const mailboxItems = mailboxes.map((m, i) => {
    const person = [m.firstName, m.lastName].filter(Boolean).join(" ");
    const detail = [person, platformName(m.platform)].filter(Boolean).join(" · ") || null;
    return {
      key: itemKey("mailbox", i),
      name: m.email,
      detail,
      status: mailboxStatus(m.status),
      since: m.lastOccurredAt.toISOString(),
    };
  });
  const all = [...domainItems, ...mailboxItems];
  const byTone: Record<Tone, number> = { done: 0, working: 0, attention: 0, problem: 0, inactive: 0 };
  for (const item of all) byTone[item.status.tone] += 1;
  const times = [...all.map((i) => i.since), ...banners.map((b) => b.updatedAt)].sort();

  return {
    workspaceId,
    banners: banners.map(publicBanner),
    domains: domainItems,
    mailboxes: mailboxItems,
    totals: { domains: domainCount, mailboxes: mailboxCount, active: byTone.done, byTone },
    more: {
      domains: Math.max(0, domainCount - domains.length),
      mailboxes: Math.max(0, mailboxCount - mailboxes.length),
    },
    lastUpdate: times.at(-1) ?? null,
  };
}
