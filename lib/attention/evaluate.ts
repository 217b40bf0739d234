// What needs action now, from facts the queries read (lib/queries/attention.ts). Pure: the clock
// (`now`) is a parameter, so every boundary is testable.
//
//   stuck            an entity in a budgeted status longer than its budget (warning), or longer than
//                    twice it (critical); a provisioning mailbox also against its whole-setup budget
//   failed           a failure state (lib/attention/budgets.ts FAILURE_STATES): critical at once
//   customer_action  a consent or client-ID request `pending`: the customer must act. A warning from
//                    the moment it turns pending, critical past twice its budget
//   mail             Inkbox mail health `failing` (critical) or `bounces_rising` (warning)
//   refused_deliveries  refused deliveries in the last hour, one item per vendor and reason
//                    (critical: a refused genuine delivery is lost for good), `unstorable` ones
//                    (genuine deliveries the database refused 3 times) included
//
// Age counts from the vendor time of the event that entered the status (`statusSince`), never
// from a future vendor time: it is capped at `now`. An item's `id` depends only on its condition
// (kind, entity, status and the time it began), so it is stable while the condition lasts and
// new when the condition is new; acknowledgements and snoozes are keyed by it. Items are ordered
// by severity, then age (oldest first), then entity (see compareItems).
import { createHash } from "node:crypto";
import type { EntityType } from "../ordering";
import {
  budgetFor,
  CUSTOMER_ACTION_STATUS,
  DNS_PROPAGATION_FAILURES,
  FAILURE_STATES,
  isRequestType,
  MAILBOX_PROVISIONING,
  PROVISIONING,
  type Budgets,
} from "./budgets";

export const ATTENTION_KINDS = ["stuck", "failed", "customer_action", "refused_deliveries", "mail"] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];
export const SEVERITIES = ["critical", "warning"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Acknowledgement = { by: string; at: string; note: string };

/** One item of the queue (the JSON contract of GET /api/attention). */
export type AttentionItem = {
  id: string;
  kind: AttentionKind;
  entityType: string;
  uid: string | null;
  label: string;
  workspaceId: string | null;
  status: string;
  since: string;
  ageSeconds: number;
  budgetSeconds: number | null;
  severity: Severity;
  acknowledged: Acknowledgement | null;
  snoozedUntil: string | null;
};

/** A domain, mailbox or request as the evaluation needs it. */
export type EntityFact = {
  entityType: EntityType;
  uid: string;
  status: string;
  /** Vendor time of the event that entered the status; null on rows that predate the column. */
  statusSince: Date | null;
  lastOccurredAt: Date;
  workspaceId: string | null;
  label: string;
  /** Mailboxes: vendor time provisioning began. */
  provisioningSince?: Date | null;
  /** Domains: the vendor's dns_propagation_status. */
  dnsPropagationStatus?: string | null;
};

export type MailFact = {
  email: string;
  mailboxUid: string | null;
  workspaceId: string | null;
  state: "failing" | "bounces_rising";
  /** Vendor time of the first bounce or failure in the health window. */
  since: Date;
};

/** `count` includes `counted`: refusals past the storage cap, counted per hour instead of stored. */
export type RefusedFact = { vendor: string; reason: string; count: number; counted?: number; first: Date };

export type Handling = {
  itemId: string;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  note: string | null;
  snoozedUntil: Date | null;
};

/** Notifications undeliverable for their whole retry window, per destination (lib/notify/failures.ts). */
export type NotificationFailureFact = { destination: string; label: string; since: Date };

export type Facts = {
  entities: EntityFact[];
  mail: MailFact[];
  refused: RefusedFact[];
  notifications?: NotificationFailureFact[];
};

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1 };
/** Kinds whose condition is a sliding window: `since` moves, so the id cannot hold it. */
const WINDOWED: ReadonlySet<AttentionKind> = new Set(["mail", "refused_deliveries"]);

/** A stable, URL-safe id for a condition. */
export function itemId(kind: AttentionKind, parts: (string | number | null)[]): string {
  const digest = createHash("sha256")
    .update([kind, ...parts.map((p) => (p === null ? "" : String(p)))].join("\u0000"))
    .digest("base64url");
  return `${kind}_${digest.slice(0, 22)}`;
}

const capped = (since: Date, now: Date) => (since.getTime() > now.getTime() ? now : since);
const ageOf = (since: Date, now: Date) => Math.floor((now.getTime() - capped(since, now).getTime()) / 1000);

/** warning past the budget, critical past twice the budget, nothing before. */
export function severityFor(ageSeconds: number, budgetSeconds: number): Severity | null {
  if (ageSeconds > 2 * budgetSeconds) return "critical";
  if (ageSeconds > budgetSeconds) return "warning";
  return null;
}

type Draft = Omit<AttentionItem, "acknowledged" | "snoozedUntil" | "since" | "ageSeconds"> & { sinceAt: Date };

function draft(
  kind: AttentionKind,
  f: EntityFact,
  status: string,
  since: Date,
  budgetSeconds: number | null,
  severity: Severity,
  idParts: (string | number | null)[],
): Draft {
  return {
    id: itemId(kind, idParts),
    kind,
    entityType: f.entityType,
    uid: f.uid,
    label: f.label,
    workspaceId: f.workspaceId,
    status,
    sinceAt: since,
    budgetSeconds,
    severity,
  };
}

/** The one item an entity gives, if any (the most severe of its conditions). */
export function entityItem(f: EntityFact, budgets: Budgets, now: Date): Draft | null {
  const since = f.statusSince ?? f.lastOccurredAt;
  const condition = (status = f.status) => [f.entityType, f.uid, status, since.getTime()];
  if (FAILURE_STATES[f.entityType].has(f.status)) {
    return draft("failed", f, f.status, since, null, "critical", condition());
  }
  if (f.entityType === "domain" && f.dnsPropagationStatus && DNS_PROPAGATION_FAILURES.has(f.dnsPropagationStatus)) {
    const status = `dns_propagation_${f.dnsPropagationStatus}`;
    return draft("failed", f, status, since, null, "critical", condition(status));
  }
  const budget = budgetFor(budgets, f.entityType, f.status);
  const age = ageOf(since, now);
  if (isRequestType(f.entityType) && f.status === CUSTOMER_ACTION_STATUS) {
    const severity = budget !== null && age > 2 * budget ? "critical" : "warning";
    return draft("customer_action", f, f.status, since, budget, severity, condition());
  }
  const own = budget === null ? null : severityFor(age, budget);
  let best = own ? draft("stuck", f, f.status, since, budget, own, condition()) : null;
  // A mailbox whose steps each stay within budget can still be far too long in setup overall.
  if (
    f.entityType === "mailbox" &&
    f.provisioningSince &&
    (MAILBOX_PROVISIONING as readonly string[]).includes(f.status)
  ) {
    const whole = budgetFor(budgets, "mailbox", PROVISIONING);
    const severity = whole === null ? null : severityFor(ageOf(f.provisioningSince, now), whole);
    if (severity && (!best || SEVERITY_RANK[severity] < SEVERITY_RANK[best.severity])) {
      best = draft("stuck", f, f.status, f.provisioningSince, whole, severity, [
        "mailbox",
        f.uid,
        PROVISIONING,
        f.provisioningSince.getTime(),
      ]);
    }
  }
  return best;
}

/**
 * An entity's time in its current status as the queue counts it (from `statusSince`, capped at now)
 * and how it stands against its budget, for the lists: `severity` is "warning" past the budget and
 * "critical" when the queue calls the entity critical (past twice the budget, or a failure state);
 * null within the budget, also for a pending request the queue already shows as customer action.
 */
export type InStatus = { since: string; ageSeconds: number; budgetSeconds: number | null; severity: Severity | null };

export function inStatus(f: EntityFact, budgets: Budgets, now: Date): InStatus {
  const since = f.statusSince ?? f.lastOccurredAt;
  const item = entityItem(f, budgets, now);
  const pastBudget = !!item && item.budgetSeconds !== null && ageOf(item.sinceAt, now) > item.budgetSeconds;
  return {
    since: capped(since, now).toISOString(),
    ageSeconds: ageOf(since, now),
    budgetSeconds: budgetFor(budgets, f.entityType, f.status),
    severity: item?.severity === "critical" ? "critical" : pastBudget ? "warning" : null,
  };
}

export function mailItem(m: MailFact): Draft {
  return {
    id: itemId("mail", [m.email]),
    kind: "mail",
    entityType: "mailbox",
    uid: m.mailboxUid,
    label: m.email,
    workspaceId: m.workspaceId,
    status: m.state,
    sinceAt: m.since,
    budgetSeconds: null,
    severity: m.state === "failing" ? "critical" : "warning",
  };
}

const VENDOR_NAME: Record<string, string> = { inboxkit: "InboxKit", inkbox: "Inkbox" };

export function refusedItem(r: RefusedFact): Draft {
  const vendor = VENDOR_NAME[r.vendor] ?? r.vendor;
  return {
    id: itemId("refused_deliveries", [r.vendor, r.reason]),
    kind: "refused_deliveries",
    entityType: "vendor",
    uid: r.vendor,
    label:
      r.reason === "unstorable"
        ? `${vendor}: ${r.count} could not be stored (quarantined as unstorable) in the last hour`
        : `${vendor}: ${r.count} refused (${r.reason.replace(/_/g, " ")}) in the last hour${r.counted ? ` (${r.counted} past the storage cap: counted, not kept)` : ""}`,
    workspaceId: null,
    status: r.reason,
    sinceAt: r.first,
    budgetSeconds: null,
    severity: "critical",
  };
}

/** A destination whose notifications failed for 24 h: open until a message to it goes through again. */
export function notificationFailureItem(n: NotificationFailureFact): Draft {
  return {
    id: itemId("failed", ["notification", n.destination, n.since.getTime()]),
    kind: "failed",
    entityType: "notification",
    uid: n.destination,
    label: n.label,
    workspaceId: null,
    status: "failed",
    sinceAt: n.since,
    budgetSeconds: null,
    severity: "critical",
  };
}

/**
 * Whether an acknowledgement still covers an item. Entity items carry their start in the id, so
 * the id decides. Windowed items (mail, refused deliveries) keep one id: an acknowledgement covers
 * the condition as it was when given, and lapses once the window has moved past it (the condition
 * is still there a window later, or came back after clearing).
 */
function acknowledgementHolds(d: Draft, h: Handling | undefined): h is Handling & { acknowledgedAt: Date } {
  if (!h?.acknowledgedAt) return false;
  return !WINDOWED.has(d.kind) || h.acknowledgedAt.getTime() >= d.sinceAt.getTime();
}

/**
 * The item of a draft, its fields named one by one: `{ ...rest }` of a `const { sinceAt, ...rest }`
 * took about 15 µs an item in V8 (Node 20), 30-80 ms for the 2,000 mail items every queue read
 * evaluates at full size, against under 1 ms written out.
 */
function finish(d: Draft, h: Handling | undefined, now: Date): AttentionItem {
  const acknowledged = acknowledgementHolds(d, h)
    ? { by: h.acknowledgedBy ?? "unknown", at: h.acknowledgedAt.toISOString(), note: h.note ?? "" }
    : null;
  const snoozed = h?.snoozedUntil && h.snoozedUntil.getTime() > now.getTime() ? h.snoozedUntil.toISOString() : null;
  return {
    id: d.id,
    kind: d.kind,
    entityType: d.entityType,
    uid: d.uid,
    label: d.label,
    workspaceId: d.workspaceId,
    status: d.status,
    budgetSeconds: d.budgetSeconds,
    severity: d.severity,
    since: capped(d.sinceAt, now).toISOString(),
    ageSeconds: ageOf(d.sinceAt, now),
    acknowledged,
    snoozedUntil: snoozed,
  };
}

/**
 * Queue order: severity, then age (oldest first), then a tie-break the database can compute without
 * the id (lib/queries/attention-queue.ts orders entity rows by it): entity type and uid, unique for
 * domains, mailboxes and requests (one item each); kind, status and id settle the few JS-made items
 * (mail, refused deliveries, notifications) that could tie with them. Strings compare by code unit,
 * as SQLite's BINARY and PostgreSQL's "C" collation do.
 */
export const sortKey = (i: AttentionItem): [number, string, string, string, string, string, string] => [
  SEVERITY_RANK[i.severity],
  i.since,
  i.entityType,
  i.uid ?? i.label,
  i.kind,
  i.status,
  i.id,
];

export function compareKeys(a: (number | string)[], b: (number | string)[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

export const compareItems = (a: AttentionItem, b: AttentionItem): number => compareKeys(sortKey(a), sortKey(b));

/**
 * Items in queue order, each item's key built once: sorting with compareItems builds two keys per
 * comparison, which over the scheduler's whole queue (37,000 items at 100,000 mailboxes) was most
 * of its JavaScript time and garbage.
 */
export function sortItems(items: AttentionItem[]): AttentionItem[] {
  const keyed = items.map((item) => ({ item, key: sortKey(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map((k) => k.item);
}

/** The drafts of every condition that holds at `now` (before acknowledgements and snoozes). */
export function drafts(facts: Facts, budgets: Budgets, now: Date): Draft[] {
  const out: Draft[] = [];
  for (const f of facts.entities) {
    const d = entityItem(f, budgets, now);
    if (d) out.push(d);
  }
  for (const m of facts.mail) out.push(mailItem(m));
  for (const r of facts.refused) if (r.count > 0) out.push(refusedItem(r));
  for (const n of facts.notifications ?? []) out.push(notificationFailureItem(n));
  return out;
}

/** Every item at `now`, acknowledged and snoozed ones included (flagged), in queue order. */
export function evaluate(facts: Facts, budgets: Budgets, handling: Handling[], now: Date): AttentionItem[] {
  const byId = new Map(handling.map((h) => [h.itemId, h]));
  return sortItems(drafts(facts, budgets, now).map((d) => finish(d, byId.get(d.id), now)));
}

/** Acknowledged or snoozed items leave the queue until their condition changes or the snooze ends. */
export const isOpen = (item: AttentionItem): boolean => item.acknowledged === null && item.snoozedUntil === null;

export type Counts = { kind: Record<AttentionKind, number>; severity: Record<Severity, number> };

export function countItems(items: AttentionItem[]): Counts {
  const counts: Counts = {
    kind: Object.fromEntries(ATTENTION_KINDS.map((k) => [k, 0])) as Record<AttentionKind, number>,
    severity: { critical: 0, warning: 0 },
  };
  for (const item of items) {
    counts.kind[item.kind] += 1;
    counts.severity[item.severity] += 1;
  }
  return counts;
}
