// Read models for onboarding: the open banners of a workspace or mailbox (operator and customer
// pages), and the customer's progress page. Everything returned to a customer is chosen field by
// field here: names, addresses and plain-language statuses, never uids, fingerprints, order keys,
// team ids or payloads.
import { createHash } from "node:crypto";
import { database } from "../db/client";
import { bannersFor, HELD_BACK_MESSAGE, type Banner, type PublicBanner } from "../banners";
import { consentUrlHosts } from "../config";
import { parseJsonColumn } from "./db";
import { domainStatus, mailboxStatus, platformName, type PlainStatus, type Tone } from "../customer-status";
import { readWorkspaceSettings, readWorkspacesSettings } from "../settings/workspace";

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
  workspaceId: true,
} as const;
const consentSelect = { ...requestSelect, consentUrl: true } as const;
const clientIdSelect = { ...requestSelect, domainName: true, clientId: true } as const;
/**
 * Requests read per scope, newest first (the newest per mailbox or domain decides its banner; of two
 * at the same instant the first read, so uid breaks the tie and a batched read decides the same).
 */
const REQUEST_CAP = 1000;
const REQUEST_ORDER = [{ lastOccurredAt: "desc" as const }, { uid: "desc" as const }];

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
    ? await db.prisma.mailbox.findUnique({
        where: { uid: scope.mailboxId },
        select: { domainName: true, workspaceId: true },
      })
    : null;
  const workspaceId = scope.workspaceId ?? mailbox?.workspaceId ?? null;
  const scopes = workspaceId ? (await readWorkspaceSettings(workspaceId)).clientIdScopes : [];
  const workspace = scope.workspaceId ? { workspaceId: scope.workspaceId } : {};
  const [consents, clientIds] = await Promise.all([
    db.prisma.consentRequest.findMany({
      where: { ...workspace, ...(scope.mailboxId ? { mailboxId: scope.mailboxId } : {}) },
      select: consentSelect,
      orderBy: REQUEST_ORDER,
      take: REQUEST_CAP,
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
      select: clientIdSelect,
      orderBy: REQUEST_ORDER,
      take: REQUEST_CAP,
    }),
  ]);
  return bannersFor(await withMailboxes(consents), clientIds, consentUrlHosts(), scopes);
}

/**
 * The open banners of each of these workspaces, as `openBanners({ workspaceId })` gives them, in four
 * statements instead of four per workspace (the overview shows up to 12 workspaces: 48 statements
 * through the pool took 180-750 ms on the full-size PostgreSQL at load 7-8, each under 1 ms in the
 * database). Falls back to one read per workspace when a table's batch reaches its cap, where one
 * busy workspace could crowd out another's newest requests.
 */
export async function workspacesBanners(workspaceIds: string[]): Promise<Map<string, Banner[]>> {
  const ids = [...new Set(workspaceIds)];
  if (ids.length === 0) return new Map();
  const db = database();
  await db.ready;
  const cap = REQUEST_CAP * ids.length;
  const where = { workspaceId: { in: ids } };
  const [settings, consents, clientIds] = await Promise.all([
    readWorkspacesSettings(ids),
    db.prisma.consentRequest.findMany({ where, select: consentSelect, orderBy: REQUEST_ORDER, take: cap }),
    db.prisma.clientIdRequest.findMany({ where, select: clientIdSelect, orderBy: REQUEST_ORDER, take: cap }),
  ]);
  if (consents.length === cap || clientIds.length === cap) {
    return new Map(await Promise.all(ids.map(async (id) => [id, await openBanners({ workspaceId: id })] as const)));
  }
  const named = await withMailboxes(consents);
  return new Map(
    ids.map((id) => [
      id,
      bannersFor(
        named.filter((c) => c.workspaceId === id),
        clientIds.filter((c) => c.workspaceId === id),
        consentUrlHosts(),
        settings.get(id)!.clientIdScopes,
      ),
    ]),
  );
}

/** Each consent request with its mailbox's address and platform (one statement for all). */
async function withMailboxes<C extends { mailboxId: string | null }>(consents: C[]) {
  const mailboxIds = [...new Set(consents.map((c) => c.mailboxId).filter((id): id is string => !!id))];
  const mailboxes = mailboxIds.length
    ? await database().prisma.mailbox.findMany({
        where: { uid: { in: mailboxIds } },
        select: { uid: true, email: true, platform: true },
      })
    : [];
  const byUid = new Map(mailboxes.map((m) => [m.uid, m]));
  return consents.map((c) => ({
    ...c,
    mailboxEmail: byUid.get(c.mailboxId ?? "")?.email ?? null,
    platform: byUid.get(c.mailboxId ?? "")?.platform ?? null,
  }));
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

/**
 * `nameservers`: for a domain the customer connects themselves (their registrar), while it waits for
 * them or its DNS failed: the nameservers to set there (from the vendor's payload).
 */
export type CustomerItem = {
  key: string;
  name: string;
  detail: string | null;
  status: PlainStatus;
  since: string;
  nameservers?: string[];
};

/** Statuses of a connected domain in which the customer has to (re)check the nameservers at their registrar. */
const NAMESERVER_ACTION = new Set(["not_connected", "expired_propagation"]);
/** Whom the customer asks (workspace settings); null when no one is set. */
export type CustomerContact = { name: string | null; email: string | null };

export type CustomerOnboarding = {
  workspaceId: string;
  contact: CustomerContact | null;
  banners: PublicBanner[];
  domains: CustomerItem[];
  mailboxes: CustomerItem[];
  totals: { domains: number; mailboxes: number; active: number; byTone: Record<Tone, number> };
  more: { domains: number; mailboxes: number };
  lastUpdate: string | null;
};

/**
 * A mailbox whose sign-in request (its consent, or its domain's client ID) failed cannot finish by
 * itself: it reads "Needs your action" (the failed banner above says what happened), never "setting up".
 */
export function stoppedBySignIn(banners: Banner[]): (email: string) => PlainStatus | null {
  const failed = banners.filter((b) => b.state === "failed");
  const mailboxes = new Set(failed.flatMap((b) => (b.mailbox ? [b.mailbox.toLowerCase()] : [])));
  const domains = new Set(
    failed.flatMap((b) => (b.requestType === "client_id_request" && b.domainName ? [b.domainName.toLowerCase()] : [])),
  );
  return (email) => {
    const address = email.toLowerCase();
    const hit = mailboxes.has(address) || domains.has(address.split("@")[1] ?? "");
    return hit
      ? {
          label: "Needs your action",
          tone: "attention",
          detail: "Sign-in could not be set up: see what happened and what to do at the top of this page.",
        }
      : null;
  };
}

/** A customer-safe key: a position, not a uid. */
const itemKey = (kind: string, index: number) => `${kind}-${index + 1}`;

/** The customer's progress page. Only this function decides what a customer link can see. */
export async function customerOnboarding(workspaceId: string): Promise<CustomerOnboarding> {
  const db = database();
  await db.ready;
  const where = { workspaceId };
  const [domains, mailboxes, domainCount, mailboxCount, banners, settings] = await Promise.all([
    db.prisma.domain.findMany({
      where,
      select: { name: true, status: true, lastOccurredAt: true, connectionType: true, nameservers: true },
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
    readWorkspaceSettings(workspaceId),
  ]);
  const stopped = stoppedBySignIn(banners);

  const domainItems = domains.map((d, i): CustomerItem => {
    const nameservers = parseJsonColumn<unknown>(d.nameservers, []);
    const action =
      d.connectionType === "connected" && NAMESERVER_ACTION.has(d.status) && Array.isArray(nameservers)
        ? nameservers.filter((n): n is string => typeof n === "string" && n.length > 0)
        : [];
    return {
      key: itemKey("domain", i),
      name: d.name,
      detail: null,
      status: domainStatus(d.status),
      since: d.lastOccurredAt.toISOString(),
      ...(action.length ? { nameservers: action } : {}),
    };
  });
  const mailboxItems = mailboxes.map((m, i) => {
    const person = [m.firstName, m.lastName].filter(Boolean).join(" ");
    const detail = [person, platformName(m.platform)].filter(Boolean).join(" · ") || null;
    return {
      key: itemKey("mailbox", i),
      name: m.email,
      detail,
      status: stopped(m.email) ?? mailboxStatus(m.status),
      since: m.lastOccurredAt.toISOString(),
    };
  });
  const all = [...domainItems, ...mailboxItems];
  const byTone: Record<Tone, number> = { done: 0, working: 0, attention: 0, problem: 0, inactive: 0 };
  for (const item of all) byTone[item.status.tone] += 1;
  const times = [...all.map((i) => i.since), ...banners.map((b) => b.updatedAt)].sort();

  return {
    workspaceId,
    contact:
      settings.contactName || settings.contactEmail
        ? { name: settings.contactName, email: settings.contactEmail }
        : null,
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
