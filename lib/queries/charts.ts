// The overview's deliveries chart: deliveries per hour over the last 7 days (accepted, stale, refused)
// (the funnel beside it: lib/funnel.ts). Deliveries are counted by the database, grouped by hour over
// an indexed range of the receipt time: webhook_events (received_at; a retried or duplicate event
// counts once, at its first receipt), rejected_deliveries (received_at) and the refusals counted per
// hour past the stored cap (refusal_counters.hour). An hour that ended CHART_SETTLE_MS ago no longer
// changes, so its counts are kept (delivery_hours) the first time it is counted and read from there
// ever after: a chart counts raw rows of the open hour (and of any hour not kept yet) only.
import { Prisma } from "../generated/sqlite/client";
import { database, type Database } from "../db/client";

export const CHART_HOURS = 7 * 24;
const HOUR = 3_600_000;
/**
 * How long after its end an hour's counts are kept: by then every delivery received in it has
 * committed (lock waits, retries and group commits take seconds). A delivery recovered from
 * quarantine keeps its receipt time; reverify recounts its hour (forgetDeliveryHour).
 */
export const CHART_SETTLE_MS = 5 * 60_000;

/** A first count reads at most this much of the raw rows per statement. */
const COUNT_SPAN_MS = 24 * HOUR;

export type DeliveryHour = { hour: string; accepted: number; stale: number; refused: number };

/** The start of the UTC hour `at` falls in, as `2026-12-01T10`. */
const hourKey = (at: Date) => at.toISOString().slice(0, 13);
const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;

type Counted = { hour: string | Date; outcome?: string; n: number | bigint };

/** The raw counts of every hour in [from, to) (to: open-ended when null), by hour key. */
async function countRaw(
  db: Database,
  from: Date,
  to: Date | null,
  out = new Map<string, Omit<DeliveryHour, "hour">>(),
): Promise<Map<string, Omit<DeliveryHour, "hour">>> {
  const hour = (column: string) =>
    Prisma.raw(db.provider === "sqlite" ? `substr("${column}", 1, 13)` : `date_trunc('hour', "${column}")`);
  const range = (column: string) =>
    to
      ? Prisma.sql`${Prisma.raw(`"${column}"`)} >= ${from} AND ${Prisma.raw(`"${column}"`)} < ${to}`
      : Prisma.sql`${Prisma.raw(`"${column}"`)} >= ${from}`;
  const [events, refused, counted] = await Promise.all([
    db.prisma.$queryRaw<Counted[]>`SELECT ${hour("received_at")} AS "hour", "outcome", COUNT(*) AS "n"
      FROM "webhook_events" WHERE ${range("received_at")} GROUP BY 1, 2`,
    db.prisma.$queryRaw<Counted[]>`SELECT ${hour("received_at")} AS "hour", COUNT(*) AS "n"
      FROM "rejected_deliveries" WHERE ${range("received_at")} GROUP BY 1`,
    db.prisma.$queryRaw<Counted[]>`SELECT ${hour("hour")} AS "hour", SUM("count") AS "n"
      FROM "refusal_counters" WHERE ${range("hour")} GROUP BY 1`,
  ]);
  const row = (h: string | Date) => {
    const key = h instanceof Date ? hourKey(h) : h.slice(0, 13);
    if (!out.has(key)) out.set(key, { accepted: 0, stale: 0, refused: 0 });
    return out.get(key)!;
  };
  for (const r of events) row(r.hour)[r.outcome === "stale" ? "stale" : "accepted"] += Number(r.n);
  for (const r of [...refused, ...counted]) row(r.hour).refused += Number(r.n);
  return out;
}

/** Every hour of the last CHART_HOURS (oldest first, the current hour last), zeros included. */
export async function deliveriesPerHour(now: Date = new Date()): Promise<DeliveryHour[]> {
  const db = database();
  await db.ready;
  const from = floorHour(now.getTime()) - (CHART_HOURS - 1) * HOUR;
  /** Hours starting before this one have ended CHART_SETTLE_MS ago. */
  const settled = floorHour(now.getTime() - CHART_SETTLE_MS);
  const kept = await db.prisma.deliveryHour.findMany({ where: { hour: { gte: new Date(from) } } });
  const keptAt = new Map(kept.map((k) => [k.hour.getTime(), k]));
  let countFrom = from;
  while (countFrom < settled && keptAt.has(countFrom)) countFrom += HOUR;
  // Hours not kept yet, a day at a time (a first chart over millions of rows stays within the
  // statement timeout), then the open hours.
  const counted = new Map<string, Omit<DeliveryHour, "hour">>();
  let start = countFrom;
  for (; start < settled; start = Math.min(settled, start + COUNT_SPAN_MS))
    await countRaw(db, new Date(start), new Date(Math.min(settled, start + COUNT_SPAN_MS)), counted);
  await countRaw(db, new Date(start), null, counted);

  const hours: DeliveryHour[] = [];
  const fresh: (DeliveryHour & { at: Date })[] = [];
  for (let at = from; at < from + CHART_HOURS * HOUR; at += HOUR) {
    const key = hourKey(new Date(at));
    const held = at < countFrom ? keptAt.get(at) : undefined;
    const counts = held
      ? { accepted: held.accepted, stale: held.stale, refused: held.refused }
      : (counted.get(key) ?? { accepted: 0, stale: 0, refused: 0 });
    const hour = { hour: `${key}:00:00.000Z`, ...counts };
    hours.push(hour);
    if (!held && at < settled && !keptAt.has(at)) fresh.push({ ...hour, at: new Date(at) });
  }
  // Once an hour at most (when an hour settles): keep the new hours, drop those out of the chart.
  if (fresh.length) {
    await db.prisma.$executeRaw`INSERT INTO "delivery_hours" ("hour", "accepted", "stale", "refused")
      VALUES ${Prisma.join(fresh.map((h) => Prisma.sql`(${h.at}, ${h.accepted}, ${h.stale}, ${h.refused})`))}
      ON CONFLICT ("hour") DO NOTHING`;
    await db.prisma.deliveryHour.deleteMany({ where: { hour: { lt: new Date(from) } } });
  }
  return hours;
}

/** The kept counts of the hour `at` falls in are dropped: the next chart counts that hour again. */
export async function forgetDeliveryHour(db: Database, at: Date): Promise<void> {
  await db.prisma.deliveryHour.deleteMany({ where: { hour: new Date(floorHour(at.getTime())) } });
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
