// The shared part of every vendor's ingest: one batch transaction per accepted delivery whose last
// (or `recordIndex`) statement records the event in webhook_events (unique dedupe key: a duplicate
// only bumps duplicate_count and last_seen_at). Each vendor's ingest.ts adds the statements that
// apply the delivery to its own tables (lib/webhooks/<vendor>/ingest.ts).
import { Prisma } from "../generated/sqlite/client";
import type { Database } from "../db/client";
import { NOTIFY_CHANNEL, noticePayload, type ChangeNotice } from "../live/notice";
import { pgGroupCommit, sqliteGroupCommit } from "../config";
import { commitGrouped } from "../db/group-commit";
import { execute, query, transaction, type Statement } from "../db/statement";
import { retryWhileLocked } from "../db/lock-retry";
import { noted } from "../db/write-health";

export type IngestResult = {
  eventId: number;
  outcome: "applied" | "stale" | "ignored";
  duplicate: boolean;
  duplicateCount: number;
};

/** A quoted SQL identifier (table and column names come from code, never from a delivery). */
export const ident = (name: string) => Prisma.raw(`"${name}"`);

/**
 * What ingestion changed about a delivery to store it safely, shown to operators on the timeline:
 * a vendor time far ahead capped at receipt, a number clamped, a text truncated.
 */
export type EventFlag = { code: "future_time_capped" | "clamped" | "truncated"; detail: string };

/** The flags column: a JSON list, or null when there is nothing to say. */
export const flagsColumn = (flags: readonly EventFlag[] | undefined): string | null =>
  flags?.length ? JSON.stringify(flags) : null;

/** One webhook_events row in any vendor's terms; `outcome` (and `workspaceId`) may be SQL evaluated in the transaction. */
export type EventRecord = {
  vendor: string;
  eventType: string;
  entityType: string | null;
  entityUid: string | null;
  status: string | null;
  previousStatus: string | null;
  occurredAt: Date;
  occurredAtSource: string;
  dedupeKey: string;
  outcome: Prisma.Sql;
  workspaceId: string | null | Prisma.Sql;
  teamId: string | null;
  credentialsFingerprint: string | null;
  payload: string;
  /** JSON of the delivery's non-secret request headers (lib/webhooks/receive.ts). */
  headers: string | null;
  flags?: readonly EventFlag[];
};

/** Records a delivery (a duplicate dedupe key only bumps its count); the last statement of every ingest. */
export function recordEventStatement(r: EventRecord, receivedAt: Date) {
  return query(Prisma.sql`
    INSERT INTO "webhook_events" ("vendor", "event_type", "entity_type", "entity_uid", "status", "previous_status",
      "occurred_at", "occurred_at_source", "received_at", "dedupe_key", "duplicate_count", "last_seen_at", "outcome",
      "workspace_id", "team_id", "credentials_fingerprint", "payload", "headers", "flags")
    VALUES (${r.vendor}, ${r.eventType}, ${r.entityType}, ${r.entityUid}, ${r.status},
      ${r.previousStatus}, ${r.occurredAt}, ${r.occurredAtSource}, ${receivedAt}, ${r.dedupeKey}, 1,
      ${receivedAt}, ${r.outcome}, ${r.workspaceId}, ${r.teamId}, ${r.credentialsFingerprint}, ${r.payload}, ${r.headers}, ${flagsColumn(r.flags)})
    ON CONFLICT ("dedupe_key") DO UPDATE SET "duplicate_count" = "webhook_events"."duplicate_count" + 1, "last_seen_at" = excluded."last_seen_at"
    RETURNING "id", "outcome", "duplicate_count"`);
}

/**
 * On PostgreSQL the change notice is sent by the transaction itself (NOTIFY is delivered on commit
 * and never for a rolled-back transaction), so every instance's listener hears it. SQLite has one
 * instance: receive.ts publishes in-process after commit.
 */
export function noticeStatements(db: Database, notice: ChangeNotice): Statement[] {
  return db.provider === "postgresql"
    ? [execute(Prisma.sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${noticePayload(notice)})`)]
    : [];
}

export type EventRow = { id: number | bigint; outcome: IngestResult["outcome"]; duplicate_count: number | bigint };

/**
 * Runs an ingest's statements in one batch transaction; the event record is the last one, or the
 * one at `recordIndex` when statements that read it follow (status_since). On
 * both databases, concurrent deliveries share the transaction (lib/db/group-commit.ts: one commit for
 * several, each member's notice inside it); SQLITE_GROUP_COMMIT=0 / PG_GROUP_COMMIT=0 turn that off
 * (one transaction per delivery, for comparison).
 */
export async function runIngest(
  db: Database,
  statements: Statement[],
  notice: ChangeNotice,
  recordIndex = statements.length - 1,
): Promise<IngestResult> {
  const all = [...noticeStatements(db, notice), ...statements];
  const grouped = db.provider === "sqlite" ? sqliteGroupCommit() : pgGroupCommit();
  const results = await noted(grouped ? commitGrouped(db, all) : retryWhileLocked(db, () => transaction(db, all)));
  const [row] = results[results.length - statements.length + recordIndex] as EventRow[];
  const duplicateCount = Number(row.duplicate_count);
  return { eventId: Number(row.id), outcome: row.outcome, duplicate: duplicateCount > 1, duplicateCount };
}
