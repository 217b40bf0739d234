// What the operator lists (domains, mailboxes, requests) take from the attention queue: each row's
// time in its current status and how it stands against its budget (lib/attention/evaluate.ts
// `inStatus`, the queue's own counting), the order "time in status" sorts by, and the "needs
// attention" filter (rows with an open item of the queue: not acknowledged, not snoozed).
import type { EntityType } from "../ordering";
import { inStatus, type EntityFact, type InStatus } from "../attention/evaluate";
import { loadBudgets, openItemWhere } from "./attention";

type Dir = "asc" | "desc";

/**
 * Time in status: "desc" is the longest first, i.e. the status that began earliest (`status_since`,
 * the vendor time of the event that entered it). Ingest keeps the column on every row (migration
 * 20261201174800 backfilled older ones); a row without it ages from its last change and sorts last.
 * A status_since after now counts as now (age 0), which this order keeps: such rows come last too.
 */
export function inStatusOrder(dir: Dir) {
  const since: Dir = dir === "desc" ? "asc" : "desc";
  return [
    { statusSince: { sort: since, nulls: dir === "desc" ? ("last" as const) : ("first" as const) } },
    { lastOccurredAt: since },
    { uid: dir },
  ];
}

/** The where-clause part of `?attention=open`: only rows with an open attention item (nothing when not asked). */
export async function attentionWhere(
  type: EntityType,
  params: { attention?: "open"; workspace?: string },
  now: Date,
): Promise<{ AND?: object[] }> {
  if (!params.attention) return {};
  return openItemWhere(type, now); // the list applies its own workspace filter
}

type Fact = Omit<EntityFact, "entityType" | "label">;

/** The rows, each with its `inStatus` at `now` against the stored budgets. */
export async function withInStatus<R extends Fact>(
  type: EntityType,
  rows: R[],
  now: Date,
): Promise<(R & { inStatus: InStatus })[]> {
  if (rows.length === 0) return [];
  const budgets = await loadBudgets();
  return rows.map((r) => ({ ...r, inStatus: inStatus({ ...r, entityType: type, label: r.uid }, budgets, now) }));
}
