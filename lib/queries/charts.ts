// The overview's deliveries chart: deliveries per hour over the last 7 days (accepted, stale, refused)
// (the funnel beside it: lib/funnel.ts). Deliveries are counted by the database,
// grouped by hour over an indexed range of the receipt time: webhook_events (received_at; a retried
// or duplicate event counts once, at its first receipt), rejected_deliveries (received_at) and the
// refusals counted per hour past the stored cap (refusal_counters.hour).
import { Prisma } from "../generated/sqlite/client";
import { database } from "../db/client";

export const CHART_HOURS = 7 * 24;
const HOUR = 3_600_000;

export type DeliveryHour = { hour: string; accepted: number; stale: number; refused: number };

/** The start of the UTC hour `at` falls in, as `2026-12-01T10`. */
const hourKey = (at: Date) => at.toISOString().slice(0, 13);

type Counted = { hour: string | Date; outcome?: string; n: number | bigint };

/** Every hour of the last CHART_HOURS (oldest first, the current hour last), zeros included. */
export async function deliveriesPerHour(now: Date = new Date()): Promise<DeliveryHour[]> {
  const db = database();
  await db.ready;
  const from = new Date(Math.floor(now.getTime() / HOUR) * HOUR - (CHART_HOURS - 1) * HOUR);
  const hour = (column: string) =>
    Prisma.raw(db.provider === "sqlite" ? `substr("${column}", 1, 13)` : `date_trunc('hour', "${column}")`);
  const [events, refused, counted] = await Promise.all([
    db.prisma.$queryRaw<Counted[]>`SELECT ${hour("received_at")} AS "hour", "outcome", COUNT(*) AS "n"
      FROM "webhook_events" WHERE "received_at" >= ${from} GROUP BY 1, 2`,
    db.prisma.$queryRaw<Counted[]>`SELECT ${hour("received_at")} AS "hour", COUNT(*) AS "n"
      FROM "rejected_deliveries" WHERE "received_at" >= ${from} GROUP BY 1`,
    db.prisma.$queryRaw<Counted[]>`SELECT ${hour("hour")} AS "hour", SUM("count") AS "n"
      FROM "refusal_counters" WHERE "hour" >= ${from} GROUP BY 1`,
  ]);
  const hours = new Map<string, DeliveryHour>();
  for (let i = 0; i < CHART_HOURS; i++) {
    const key = hourKey(new Date(from.getTime() + i * HOUR));
    hours.set(key, { hour: `${key}:00:00.000Z`, accepted: 0, stale: 0, refused: 0 });
  }
  const key = (h: string | Date) => (h instanceof Date ? hourKey(h) : h.slice(0, 13));
  for (const r of events) {
    const row = hours.get(key(r.hour));
    if (row) row[r.outcome === "stale" ? "stale" : "accepted"] += Number(r.n);
  }
  for (const r of [...refused, ...counted]) {
    const row = hours.get(key(r.hour));
    if (row) row.refused += Number(r.n);
  }
  return [...hours.values()];
}

/** How long the overview reuses a count (it is hourly, and every live notice refreshes the overview). */
export const CHART_REUSE_MS = 30_000;
let reused: { url: string; until: number; hours: Promise<DeliveryHour[]> } | null = null;

/** deliveriesPerHour for the overview, counted at most once per CHART_REUSE_MS per database. */
export function recentDeliveriesPerHour(now: Date = new Date()): Promise<DeliveryHour[]> {
  const url = database().url;
  if (reused && reused.url === url && reused.until > now.getTime()) return reused.hours;
  const hours = deliveriesPerHour(now);
  reused = { url, until: now.getTime() + CHART_REUSE_MS, hours };
  hours.catch(() => (reused = null));
  return hours;
}
