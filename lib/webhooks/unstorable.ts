// Deliveries the database will not store (issue 10 item 4). Limits (inboxkit/limits.ts) clamp and cut
// what is known not to fit; anything the database still refuses with an error that recurs for the
// same data (lib/db/errors.ts: a constraint, a value out of range, an index row too large) would
// fail the same way on every retry, so 503 would only retry it into oblivion. Identical failures are
// counted per vendor and raw body (storage_failures): the first UNSTORABLE_AFTER - 1 answer 503, in
// case the cause is fixed meanwhile; the next is quarantined as `unstorable` (a rejected_deliveries row
// with the error and the payload exactly as its event would have stored it, credentials removed),
// answered 2xx, and shown on /deliveries and in the attention queue. A different error starts the
// count again. Errors that may pass (busy, locked, disk full, connection lost) are never counted.
import type { Database } from "../db/client";
import { repeatableFailure, type RepeatableFailure } from "../db/errors";
import { retryWhileLocked } from "../db/lock-retry";
import { noted } from "../db/write-health";
import { storeRefusal, UNSTORABLE, type RefusalRow } from "./quarantine";

/** The identical failure that is quarantined instead of answered 503. */
export const UNSTORABLE_AFTER = 3;
/** A body's failure count is kept this long after its last failure (lib/events/retention.ts). */
export const STORAGE_FAILURE_DAYS = 7;

/** Counts one more failure of this body: the identical failures in a row, this one included. */
export async function countStorageFailure(
  db: Database,
  vendor: string,
  bodySha256: string,
  failure: RepeatableFailure,
  at: Date,
): Promise<number> {
  const [row] = await noted(
    retryWhileLocked(
      db,
      () => db.prisma.$queryRaw<{ attempts: number | bigint }[]>`
        INSERT INTO "storage_failures" ("vendor", "body_sha256", "error", "attempts", "first_at", "last_at")
        VALUES (${vendor}, ${bodySha256}, ${failure.summary}, 1, ${at}, ${at})
        ON CONFLICT ("vendor", "body_sha256") DO UPDATE SET
          "attempts" = CASE WHEN "storage_failures"."error" = excluded."error"
            THEN "storage_failures"."attempts" + 1 ELSE 1 END,
          "first_at" = CASE WHEN "storage_failures"."error" = excluded."error"
            THEN "storage_failures"."first_at" ELSE excluded."first_at" END,
          "error" = excluded."error",
          "last_at" = excluded."last_at"
        RETURNING "attempts"`,
    ),
  );
  return Number(row.attempts);
}

export type UnstorableOutcome =
  | { quarantined: false; attempts: number }
  /** `id` is null when the vendor's unstorable pool is full: then it is only counted (quarantine.ts). */
  | { quarantined: true; attempts: number; id: number | null };

/**
 * Notes one repeatable failure of a delivery (`row`: its refusal facts, payload as the event would
 * store it; `about`: its event and entity, in words) and quarantines it once it has failed
 * UNSTORABLE_AFTER times. If the payload itself
 * cannot be stored, the row is kept without it. Throws when nothing could be recorded (then 503).
 */
export async function noteUnstorable(
  db: Database,
  row: Omit<RefusalRow, "reason" | "detail">,
  failure: RepeatableFailure,
  about: string,
): Promise<UnstorableOutcome> {
  const attempts = await countStorageFailure(db, row.vendor, row.bodySha256, failure, row.receivedAt);
  if (attempts < UNSTORABLE_AFTER) return { quarantined: false, attempts };
  const refusal = {
    ...row,
    reason: UNSTORABLE,
    detail: `${about}: ${failure.summary} (${attempts} identical failures)`,
  };
  let stored;
  try {
    stored = await storeRefusal(db, refusal);
  } catch (error) {
    const again = repeatableFailure(error);
    if (!again || row.payload === null) throw error;
    stored = await storeRefusal(db, {
      ...refusal,
      payload: null,
      detail: `${refusal.detail}; its payload could not be stored either (${again.summary})`,
    });
  }
  return { quarantined: true, attempts, id: stored.stored ? stored.id : null };
}
