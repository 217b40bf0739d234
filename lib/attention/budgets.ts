// How long an entity may stay in a status before it needs a look: one table of defaults (the README
// states them and why), which operators override on /settings (stored in attention_budgets). Past
// its budget an item is a warning; past twice its budget, critical. Failure states have no budget:
// they need action at once. Pure.
import type { EntityType } from "../ordering";

export const HOUR = 3600;
const MINUTE = 60;

/** A mailbox's whole setup (every provisioning status together) has its own budget under this key. */
export const PROVISIONING = "provisioning";

/** Mailbox statuses from `pending` to `finalizing_setup`: the mailbox is being set up. */
export const MAILBOX_PROVISIONING = [
  "pending",
  "processing",
  "waiting_for_dns_propagation",
  "waiting_for_activation_email",
  "activation_email_received",
  "configuring_workspace",
  "configuring_dns",
  "configuring_dkim",
  "configuring_auth",
  "finalizing_setup",
] as const;

export type BudgetEntry = { entityType: EntityType; status: string; seconds: number; why: string };

const provisioningWhy = "each setup step usually takes minutes; 6 h means the vendor's job stalled";

/** The defaults, in the order the settings page lists them. */
export const DEFAULT_BUDGETS: readonly BudgetEntry[] = [
  {
    entityType: "domain",
    status: "registration_in_progress",
    seconds: 2 * HOUR,
    why: "registrars usually confirm within minutes",
  },
  {
    entityType: "domain",
    status: "dns_setup_pending",
    seconds: 6 * HOUR,
    why: "the vendor sets DNS up itself; hours means it is stuck",
  },
  {
    entityType: "domain",
    status: "waiting_for_dns_propagation",
    seconds: 48 * HOUR,
    why: "DNS changes can take up to 48 h to reach every resolver",
  },
  ...MAILBOX_PROVISIONING.map((status) => ({
    entityType: "mailbox" as const,
    status,
    seconds: 6 * HOUR,
    why: provisioningWhy,
  })),
  {
    entityType: "mailbox",
    status: PROVISIONING,
    seconds: 24 * HOUR,
    why: "a mailbox is normally ready within a day of ordering, however its steps went",
  },
  ...(["consent_request", "client_id_request"] as const).flatMap((entityType) => [
    { entityType, status: "queued", seconds: 15 * MINUTE, why: "the vendor picks requests up within minutes" },
    {
      entityType,
      status: "pending",
      seconds: 24 * HOUR,
      why: "the customer must act; a day without it is worth a nudge",
    },
    { entityType, status: "processing", seconds: 1 * HOUR, why: "checking a grant takes the vendor minutes" },
  ]),
];

/**
 * States that need action at once (critical, no budget). A domain is failed by its status or by its
 * `dns_propagation_status`; requests `failed|errored` are terminal but still need someone to act.
 * `expired_propagation` and `no_longer_available` are added to the list: both stop a domain
 * for good until someone does something.
 */
export const FAILURE_STATES: Record<EntityType, ReadonlySet<string>> = {
  domain: new Set(["payment_failed", "expired_propagation", "no_longer_available"]),
  mailbox: new Set(["failed", "renewal_failed", "suspended"]),
  consent_request: new Set(["failed", "errored"]),
  client_id_request: new Set(["failed", "errored"]),
};
export const DNS_PROPAGATION_FAILURES: ReadonlySet<string> = new Set(["failed", "errored"]);

/** Requests in this status wait on the customer: a customer_action item from the moment they enter it. */
export const CUSTOMER_ACTION_STATUS = "pending";
export const REQUEST_TYPES = ["consent_request", "client_id_request"] as const;
export const isRequestType = (type: EntityType): boolean => (REQUEST_TYPES as readonly string[]).includes(type);

export type BudgetKey = `${EntityType}:${string}`;
export type Budgets = ReadonlyMap<BudgetKey, number>;

export const budgetKey = (entityType: EntityType, status: string): BudgetKey => `${entityType}:${status}`;

const DEFAULT_KEYS = new Set(DEFAULT_BUDGETS.map((b) => budgetKey(b.entityType, b.status)));
export const isBudgeted = (entityType: EntityType, status: string): boolean =>
  DEFAULT_KEYS.has(budgetKey(entityType, status));

/** The effective budgets: defaults, with the operator's overrides for keys the defaults know. */
export function resolveBudgets(overrides: { entityType: string; status: string; seconds: number }[] = []): Budgets {
  const out = new Map<BudgetKey, number>(DEFAULT_BUDGETS.map((b) => [budgetKey(b.entityType, b.status), b.seconds]));
  for (const o of overrides) {
    const key = `${o.entityType}:${o.status}` as BudgetKey;
    if (out.has(key) && Number.isInteger(o.seconds) && o.seconds > 0) out.set(key, o.seconds);
  }
  return out;
}

/** Budget seconds for an entity in a status, or null when the status has none. */
export function budgetFor(budgets: Budgets, entityType: EntityType, status: string): number | null {
  return budgets.get(budgetKey(entityType, status)) ?? null;
}

/** Budgets are whole seconds between one minute and 90 days. */
export const MIN_BUDGET_SECONDS = 60;
export const MAX_BUDGET_SECONDS = 90 * 24 * HOUR;
