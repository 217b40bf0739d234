// The status timeline of one entity, from its webhook_events rows. Pure.
//
// One entry per stored event (duplicates of a delivery are one row with duplicate_count > 1),
// oldest to newest in the vendor's time: occurred_at, then the lifecycle order of the status (the
// same tie-break lib/ordering.ts uses), then when we received it, then the row id, so the result
// never depends on the order rows were read in.
//
// Per entry: the status and the previous one (the vendor's previous_status, else the status of the
// entry before it), vendor and received times, the delay between them, how long the entity stayed
// in the status (until the next APPLIED event; the entry the current state came from is "current"
// and runs until `now`), and markers: stale (arrived after a newer event, not applied), ignored, duplicate
// deliveries, and "credentials changed" when the keyed fingerprint differs from the previous
// fingerprint seen on this entity.
import { isTerminal, lifecycleRank, type EntityType } from "./ordering";

export type TimelineEvent = {
  id: number;
  eventType: string;
  status: string | null;
  previousStatus: string | null;
  occurredAt: Date;
  receivedAt: Date;
  lastSeenAt: Date;
  outcome: string;
  duplicateCount: number;
  credentialsFingerprint: string | null;
  /** JSON list of what ingestion changed to store it (lib/webhooks/ingest.ts EventFlag); null for none. */
  flags?: string | null;
};

export type TimelineFlag = { code: string; detail: string };

/** The stored flags column as a list (an unreadable value shows as nothing rather than failing the page). */
export function parseFlags(column: string | null | undefined): TimelineFlag[] {
  if (!column) return [];
  try {
    const parsed: unknown = JSON.parse(column);
    return Array.isArray(parsed)
      ? parsed.filter((f): f is TimelineFlag => typeof f?.code === "string" && typeof f?.detail === "string")
      : [];
  } catch {
    return [];
  }
}

export type TimelineEntry = {
  id: number;
  eventType: string;
  status: string | null;
  previousStatus: string | null;
  /** previousStatus came from the entry before, not from the vendor. */
  previousInferred: boolean;
  occurredAt: string;
  receivedAt: string;
  lastSeenAt: string;
  /** receivedAt − occurredAt (negative when the vendor's clock runs ahead). */
  delayMs: number;
  outcome: string;
  applied: boolean;
  stale: boolean;
  ignored: boolean;
  duplicateCount: number;
  /** Time in this status until the next applied event (or `now` for the current one); null when not applied. */
  durationMs: number | null;
  current: boolean;
  credentialsChanged: boolean;
  /** What ingestion changed to store it (a future vendor time capped, a value clamped or truncated). */
  flags: TimelineFlag[];
};

export type Timeline = {
  entries: TimelineEntry[];
  counts: { events: number; applied: number; stale: number; ignored: number; duplicateDeliveries: number };
  /** occurredAt of the newest entry where the credentials fingerprint changed. */
  credentialsChangedAt: string | null;
};

/** The display order: vendor time, lifecycle rank, arrival, id. */
export function compareEvents(type: EntityType) {
  return (a: TimelineEvent, b: TimelineEvent): number =>
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    lifecycleRank(type, a.status ?? "") - lifecycleRank(type, b.status ?? "") ||
    a.receivedAt.getTime() - b.receivedAt.getTime() ||
    a.id - b.id;
}

/**
 * The entry the entity's current state came from: the applied one that wins under lib/ordering.ts
 * (a terminal status beats any later non-terminal one), not simply the newest.
 */
function currentIndex(type: EntityType, sorted: TimelineEvent[], appliedIdx: number[]): number {
  let best = -1;
  const terminal = (i: number) => isTerminal(type, sorted[i].status ?? "");
  for (const idx of appliedIdx) if (best < 0 || terminal(idx) || !terminal(best)) best = idx;
  return best;
}

export function buildTimeline(type: EntityType, events: readonly TimelineEvent[], now: Date = new Date()): Timeline {
  const sorted = [...events].sort(compareEvents(type));
  const appliedIdx = sorted.flatMap((e, i) => (e.outcome === "applied" ? [i] : []));
  const current = currentIndex(type, sorted, appliedIdx);
  // Applied entries after the current one (a terminal status arrived after them) are superseded:
  // durations run only through the current entry.
  const effective = appliedIdx.filter((idx) => idx <= current);
  const nextApplied = new Map<number, number>();
  effective.forEach((idx, k) => nextApplied.set(idx, effective[k + 1] ?? -1));

  let fingerprint: string | null = null;
  let credentialsChangedAt: string | null = null;
  const entries = sorted.map((e, i): TimelineEntry => {
    const applied = e.outcome === "applied";
    const next = nextApplied.get(i);
    const until = next === undefined ? null : next >= 0 ? sorted[next].occurredAt : i === current ? now : null;
    const credentialsChanged = !!e.credentialsFingerprint && !!fingerprint && e.credentialsFingerprint !== fingerprint;
    if (e.credentialsFingerprint) fingerprint = e.credentialsFingerprint;
    if (credentialsChanged) credentialsChangedAt = e.occurredAt.toISOString();
    const before = i > 0 ? sorted[i - 1].status : null;
    return {
      id: e.id,
      eventType: e.eventType,
      status: e.status,
      previousStatus: e.previousStatus ?? before,
      previousInferred: !e.previousStatus && !!before,
      occurredAt: e.occurredAt.toISOString(),
      receivedAt: e.receivedAt.toISOString(),
      lastSeenAt: e.lastSeenAt.toISOString(),
      delayMs: e.receivedAt.getTime() - e.occurredAt.getTime(),
      outcome: e.outcome,
      applied,
      stale: e.outcome === "stale",
      ignored: e.outcome === "ignored",
      duplicateCount: e.duplicateCount,
      durationMs: applied && until ? Math.max(0, until.getTime() - e.occurredAt.getTime()) : null,
      current: i === current,
      credentialsChanged,
      flags: parseFlags(e.flags),
    };
  });

  return {
    entries,
    counts: {
      events: entries.length,
      applied: entries.filter((e) => e.applied).length,
      stale: entries.filter((e) => e.stale).length,
      ignored: entries.filter((e) => e.ignored).length,
      duplicateDeliveries: entries.reduce((sum, e) => sum + Math.max(0, e.duplicateCount - 1), 0),
    },
    credentialsChangedAt,
  };
}

type MailEvent = { id: number; occurredAt: string };
export type MergedTimelineRow<E, M extends MailEvent> =
  { source: "status"; at: string; entry: E } | { source: "mail"; at: string; item: M };

/**
 * A mailbox's status timeline (oldest first) with its mail events woven in by vendor time, for one
 * list on the mailbox page. Status entries keep their own order; on equal times a status entry comes
 * before a mail event (the mailbox was set up before mail could flow). Pure.
 */
export function mergeMailIntoTimeline<E extends { occurredAt: string }, M extends MailEvent>(
  entries: E[],
  items: M[],
): MergedTimelineRow<E, M>[] {
  const mail = [...items].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id - b.id);
  const rows: MergedTimelineRow<E, M>[] = [];
  let m = 0;
  for (const entry of entries) {
    while (m < mail.length && mail[m].occurredAt < entry.occurredAt)
      rows.push({ source: "mail", at: mail[m].occurredAt, item: mail[m++] });
    rows.push({ source: "status", at: entry.occurredAt, entry });
  }
  while (m < mail.length) rows.push({ source: "mail", at: mail[m].occurredAt, item: mail[m++] });
  return rows;
}
