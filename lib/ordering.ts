// Which of two events for one entity wins. Deliveries arrive in any order (retries reorder them), so
// the current state is the maximum of all events under one total order, encoded as a string that
// sorts bytewise ("order key") so the database can compare it inside the upsert:
//
//   terminal? | occurredAt (ISO 8601) | lifecycle rank of the status | status | dedupe key
//
// 1. A terminal status (domain/mailbox `deleted`, request `completed|failed|errored|cancelled`) beats
//    any non-terminal one: terminal states never regress, even when a late event looks newer.
// 2. Otherwise the vendor's time (`metadata.updated_at`, else envelope `timestamp`) decides.
// 3. Ties at the same millisecond follow the documented lifecycle order (e.g. `pending` before
//    `processing`), which is how `previous_status` chains them; then the status name and the
//    dedupe key, so the result never depends on arrival order.
export type EntityType = "domain" | "mailbox" | "consent_request" | "client_id_request";

const REQUEST_LIFECYCLE = ["queued", "pending", "processing", "completed", "failed", "errored", "cancelled"];

/** Statuses in lifecycle order; unknown statuses rank 0 (before every known one). */
export const LIFECYCLE: Record<EntityType, string[]> = {
  domain: [
    "cart",
    "pending_payment",
    "payment_processing",
    "registration_in_progress",
    "not_connected",
    "dns_setup_pending",
    "waiting_for_dns_propagation",
    "expired_propagation",
    "pending_activation",
    "active",
    "inactive",
    "payment_failed",
    "refunded",
    "refunded_due_to_banned_keywords",
    "no_longer_available",
    "cancelled",
    "scheduled_for_deletion",
    "deleted",
  ],
  mailbox: [
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
    "scheduled",
    "active",
    "inactive",
    "suspended",
    "failed",
    "renewal_failed",
    "scheduled_for_cancellation",
    "cancelled",
    "archived",
    "deleted",
  ],
  consent_request: REQUEST_LIFECYCLE,
  client_id_request: REQUEST_LIFECYCLE,
};

export const TERMINAL: Record<EntityType, ReadonlySet<string>> = {
  domain: new Set(["deleted"]),
  mailbox: new Set(["deleted"]),
  consent_request: new Set(["completed", "failed", "errored", "cancelled"]),
  client_id_request: new Set(["completed", "failed", "errored", "cancelled"]),
};

export function isTerminal(type: EntityType, status: string): boolean {
  return TERMINAL[type].has(status);
}

export function lifecycleRank(type: EntityType, status: string): number {
  return LIFECYCLE[type].indexOf(status) + 1;
}

export function orderKey(type: EntityType, status: string, occurredAt: Date, dedupeKey: string): string {
  const rank = String(lifecycleRank(type, status)).padStart(3, "0");
  return [isTerminal(type, status) ? "1" : "0", occurredAt.toISOString(), rank, status, dedupeKey].join("|");
}
