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
import { statusNames, statusRow, type EntityType } from "./statuses";

export type { EntityType };

/** The table each entity type is stored in. */
export const ENTITY_TABLE: Record<EntityType, string> = {
  domain: "domains",
  mailbox: "mailboxes",
  consent_request: "consent_requests",
  client_id_request: "client_id_requests",
};

/** Statuses in lifecycle order (lib/statuses.ts); unknown statuses rank 0 (before every known one). */
export const LIFECYCLE: Record<EntityType, string[]> = {
  domain: statusNames("domain"),
  mailbox: statusNames("mailbox"),
  consent_request: statusNames("consent_request"),
  client_id_request: statusNames("client_id_request"),
};

export function isTerminal(type: EntityType, status: string): boolean {
  return statusRow(type, status)?.terminal ?? false;
}

export function lifecycleRank(type: EntityType, status: string): number {
  return statusRow(type, status)?.rank ?? 0;
}

export function orderKey(type: EntityType, status: string, occurredAt: Date, dedupeKey: string): string {
  const rank = String(lifecycleRank(type, status)).padStart(3, "0");
  return [isTerminal(type, status) ? "1" : "0", occurredAt.toISOString(), rank, status, dedupeKey].join("|");
}
