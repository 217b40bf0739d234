// The overview's deliveries chart: deliveries per hour over the last 7 days (accepted, stale, refused)
// (the funnel beside it: lib/funnel.ts). Deliveries are counted by the database over an indexed range
// of the receipt time: webhook_events (received_at; a retried or duplicate event counts once, at its
// first receipt), rejected_deliveries (received_at) and the refusals counted per hour past the stored
// cap (refusal_counters.hour). Time past CHART_SETTLE_MS no longer changes, so its counts are kept: an
// hour in `delivery_hours` once all of it settled, the settled slices of younger hours in the process.
//
// A chart request counts raw rows of the unsettled minutes (at most two slices) and of at most
// REQUEST_SLICES settled slices it does not hold. Everything else settled it does not hold (after a deploy: 7 days; at 7,000,000 events the first chart took
// 93-103 s on SQLite, the server's one thread blocked throughout) is counted by one background
// backfill per process, a CHART_SLICE_MS slice per statement, yielding between statements; the chart
// answers meanwhile with those hours at zero and says it is incomplete (`pendingHours`).
import { Prisma } from "../generated/sqlite/client";
import { database, type Database } from "../db/client";
import { log } from "../log";
import { breathe } from "./db";

export const CHART_HOURS = 7 * 24;
const HOUR = 3_600_000;
/**
 * How long after its end a slice's counts are kept: by then every delivery received in it has
 * committed (lock waits, retries and group commits take seconds). A delivery recovered from
 * quarantine keeps its receipt time; reverify recounts its hour (forgetDeliveryHour).
 */
export const CHART_SETTLE_MS = 5 * 60_000;
/**
 * One count statement reads at most this much receipt time: at 5,000,000 mail events a day about
 * 17,000 index entries (webhook_events_received_at_outcome_idx covers the count: no table rows).
 * It divides an hour.
 */
export const CHART_SLICE_MS = 5 * 60_000;

/**
 * Settled slices a chart request counts itself when it does not hold them (newest first): the one
 * that settled since the last chart, so that a chart in use never waits for the backfill.
 */
export const REQUEST_SLICES = 2;

export type DeliveryHour = { hour: string; accepted: number; stale: number; refused: number };
type Counts = Omit<DeliveryHour, "hour">;
export type DeliveriesChart = {
  hours: DeliveryHour[];
  /** Settled hours not counted yet (shown as zero): the background backfill is counting them. */
  pendingHours: number;
};

/** The start of the UTC hour `at` falls in, as `2026-12-01T10`. */
const hourKey = (at: Date) => at.toISOString().slice(0, 13);
const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const zero = (): Counts => ({ accepted: 0, stale: 0, refused: 0 });

type Counted = { source: string; outcome: string | null; n: number | bigint | null };

/**
 * The deliveries received in [from, to): one statement over three indexed ranges, webhook_events'
 * from the receipt-time index alone (it holds the outcome).
 */
export function sliceCount(from: Date, to: Date): Prisma.Sql {
  const range = (column: string) =>
    Prisma.sql`${Prisma.raw(`"${column}"`)} >= ${from} AND ${Prisma.raw(`"${column}"`)} < ${to}`;
  return Prisma.sql`
    SELECT 'event' AS "source", "outcome", COUNT(*) AS "n" FROM "webhook_events" WHERE ${range("received_at")} GROUP BY "outcome"
    UNION ALL SELECT 'refused', NULL, COUNT(*) FROM "rejected_deliveries" WHERE ${range("received_at")}
    UNION ALL SELECT 'refused', NULL, SUM("count") FROM "refusal_counters" WHERE ${range("hour")}`;
}

async function countRange(db: Database, from: Date, to: Date): Promise<Counts> {
  const rows = await db.prisma.$queryRaw<Counted[]>(sliceCount(from, to));
  const out = zero();
  for (const r of rows) {
    const n = Number(r.n ?? 0);
    if (r.source === "refused") out.refused += n;
    else out[r.outcome === "stale" ? "stale" : "accepted"] += n;
  }
  return out;
}

const add = (a: Counts, b: Counts): Counts => ({
  accepted: a.accepted + b.accepted,
  stale: a.stale + b.stale,
  refused: a.refused + b.refused,
});

/** Settled slices of hours not kept yet, by slice start, for one database (this process only). */
const slices = globalThis as unknown as {
  __chartSlices?: { url: string; counts: Map<number, Counts> };
  __chartBackfill?: Promise<number> | null;
};
function sliceCache(db: Database): Map<number, Counts> {
  if (slices.__chartSlices?.url !== db.url) slices.__chartSlices = { url: db.url, counts: new Map() };
  return slices.__chartSlices.counts;
}

/** The first hour of the chart at `now`, and the end of the settled time. */
function bounds(now: Date) {
  const from = floorTo(now.getTime(), HOUR) - (CHART_HOURS - 1) * HOUR;
  return { from, settled: floorTo(now.getTime() - CHART_SETTLE_MS, CHART_SLICE_MS) };
}

/** The kept hours of the chart at `now`, by start. */
async function keptHours(db: Database, from: number): Promise<Map<number, Counts>> {
  const kept = await db.prisma.deliveryHour.findMany({ where: { hour: { gte: new Date(from) } } });
  return new Map(kept.map((k) => [k.hour.getTime(), { accepted: k.accepted, stale: k.stale, refused: k.refused }]));
}

/**
 * Every hour of the last CHART_HOURS (oldest first, the current hour last), zeros included: kept
 * hours and settled slices as held, the unsettled minutes counted now. Starts the backfill when
 * settled time is missing or a settled hour is not kept yet.
 */
export async function deliveriesPerHour(now: Date = new Date()): Promise<DeliveriesChart> {
  const db = database();
  await db.ready;
  const { from, settled } = bounds(now);
  const kept = await keptHours(db, from);
  const cache = sliceCache(db);
  const byHour = new Map<number, Counts>();
  const count = (at: number, counts: Counts) =>
    byHour.set(floorTo(at, HOUR), add(byHour.get(floorTo(at, HOUR)) ?? zero(), counts));
  const pending = new Set<number>();
  let unkept = false; // a settled hour held as slices only: the backfill keeps it
  let allowance = REQUEST_SLICES;
  for (let at = settled - CHART_SLICE_MS; at >= from; at -= CHART_SLICE_MS) {
    if (kept.has(floorTo(at, HOUR))) continue;
    if (floorTo(at, HOUR) + HOUR <= settled) unkept = true;
    let held = cache.get(at);
    if (!held && allowance > 0) {
      allowance -= 1;
      held = await countRange(db, new Date(at), new Date(at + CHART_SLICE_MS));
      cache.set(at, held);
    }
    if (held) count(at, held);
    else pending.add(floorTo(at, HOUR));
  }
  for (let at = settled; at <= now.getTime(); at += CHART_SLICE_MS)
    count(at, await countRange(db, new Date(at), new Date(at + CHART_SLICE_MS)));
  if (pending.size || unkept) void backfillDeliveryHours(now);
  const hours: DeliveryHour[] = [];
  for (let at = from; at < from + CHART_HOURS * HOUR; at += HOUR)
    hours.push({ hour: `${hourKey(new Date(at))}:00:00.000Z`, ...(kept.get(at) ?? byHour.get(at) ?? zero()) });
  return { hours, pendingHours: pending.size };
}

/**
 * Counts the settled time the chart at `now` does not hold yet, newest first, one slice per
 * statement with a turn of the event loop between (requests on this process answer meanwhile), and
 * keeps every hour once all of it settled; drops kept hours older than the chart. One run per
 * process at a time: a second call gets the running one. Resolves to the number of slices counted.
 */
export function backfillDeliveryHours(now: Date = new Date()): Promise<number> {
  slices.__chartBackfill ??= backfill(database(), now)
    .catch((error: Error) => {
      log.error("deliveries chart backfill failed", { reason: error.message });
      return 0;
    })
    .finally(() => (slices.__chartBackfill = null));
  return slices.__chartBackfill;
}

/** The backfill running in this process, if any (tests wait for it). */
export const deliveryHoursBackfill = (): Promise<number> => slices.__chartBackfill ?? Promise.resolve(0);

async function backfill(db: Database, now: Date): Promise<number> {
  await db.ready;
  const { from, settled } = bounds(now);
  const kept = await keptHours(db, from);
  const cache = sliceCache(db);
  let counted = 0;
  for (let hour = floorTo(settled - 1, HOUR); hour >= from; hour -= HOUR) {
    if (kept.has(hour)) continue;
    const end = Math.min(hour + HOUR, settled);
    let total = zero();
    for (let at = hour; at < end; at += CHART_SLICE_MS) {
      let counts = cache.get(at);
      if (!counts) {
        counts = await countRange(db, new Date(at), new Date(at + CHART_SLICE_MS));
        cache.set(at, counts);
        counted += 1;
        await breathe();
      }
      total = add(total, counts);
    }
    if (end < hour + HOUR) continue; // the open hour: its slices stay in the process until it settles
    await db.prisma.$executeRaw`INSERT INTO "delivery_hours" ("hour", "accepted", "stale", "refused")
      VALUES (${new Date(hour)}, ${total.accepted}, ${total.stale}, ${total.refused}) ON CONFLICT ("hour") DO NOTHING`;
    for (let at = hour; at < hour + HOUR; at += CHART_SLICE_MS) cache.delete(at);
  }
  for (const at of cache.keys()) if (at < from) cache.delete(at);
  await db.prisma.deliveryHour.deleteMany({ where: { hour: { lt: new Date(from) } } });
  return counted;
}

/** The kept counts of the hour `at` falls in are dropped: the next chart counts that hour again. */
export async function forgetDeliveryHour(db: Database, at: Date): Promise<void> {
  const hour = floorTo(at.getTime(), HOUR);
  await db.prisma.deliveryHour.deleteMany({ where: { hour: new Date(hour) } });
  const cache = sliceCache(db);
  for (let slice = hour; slice < hour + HOUR; slice += CHART_SLICE_MS) cache.delete(slice);
}

/** How long the overview reuses a count (it is hourly, and every live notice refreshes the overview). */
export const CHART_REUSE_MS = 30_000;
let reused: { url: string; until: number; chart: Promise<DeliveriesChart> } | null = null;

/**
 * deliveriesPerHour for the overview, counted at most once per CHART_REUSE_MS per database; a chart
 * with hours still pending is not reused (the next one shows what the backfill counted meanwhile).
 */
export function recentDeliveriesPerHour(now: Date = new Date()): Promise<DeliveriesChart> {
  const url = database().url;
  if (reused && reused.url === url && reused.until > now.getTime()) return reused.chart;
  const chart = deliveriesPerHour(now);
  reused = { url, until: now.getTime() + CHART_REUSE_MS, chart };
  chart.then(
    ({ pendingHours }) => {
      if (pendingHours > 0 && reused?.chart === chart) reused = null;
    },
    () => (reused = null),
  );
  return chart;
}
