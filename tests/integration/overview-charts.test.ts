// The overview's charts and recent events on each provider: deliveries per hour over 7 days
// (accepted, stale, refused, from webhook_events, rejected_deliveries and refusal_counters), the
// onboarding funnel by status group, and events named by address or domain with a link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as overviewGET } from "@/app/api/overview/route";
import { GET as eventsGET } from "@/app/api/events/route";
import { GET as workspaceGET } from "@/app/api/workspaces/[workspaceId]/route";
import { resetConfig } from "@/lib/config";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import {
  CHART_HOURS,
  CHART_SETTLE_MS,
  CHART_SLICE_MS,
  deliveriesPerHour,
  deliveryHoursBackfill,
  forgetDeliveryHour,
  REQUEST_SLICES,
  sliceCount,
} from "@/lib/queries/charts";
import { sqlitePath } from "@/lib/db/provider";
import type { Overview } from "@/lib/queries/overview";
import type { EventRow } from "@/lib/queries/events";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const TOKEN = "integration-api-token-0123456789abcdef";
const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

const HOUR = 3_600_000;
const NOW = new Date();
const thisHour = Math.floor(NOW.getTime() / HOUR) * HOUR;
/** A time inside the hour `h` hours before the current one. */
const hoursAgo = (h: number, minute = 10) => new Date(thisHour - h * HOUR + minute * 60_000);

let seq = 0;
function event(
  outcome: string,
  receivedAt: Date,
  entity: { type: string | null; uid: string | null },
  eventType = "x",
) {
  seq += 1;
  return {
    vendor: "inboxkit",
    eventType,
    entityType: entity.type,
    entityUid: entity.uid,
    status: entity.type ? "pending" : null,
    occurredAt: receivedAt,
    occurredAtSource: "metadata",
    receivedAt,
    dedupeKey: `k-${seq}`,
    lastSeenAt: receivedAt,
    outcome,
    workspaceId: "ws-chart",
    payload: "{}",
  };
}
const refusal = (receivedAt: Date) => ({
  vendor: "inboxkit",
  reason: "bad_signature",
  size: 10,
  bodySha256: "00",
  headers: "{}",
  receivedAt,
});
const at = NOW;
const state = { lastOccurredAt: at, orderKey: "0", firstSeenAt: at, updatedAt: at, workspaceId: "ws-chart" };

async function seed(t: TestDatabase) {
  const p = t.db.prisma;
  await p.mailbox.createMany({
    data: [
      { uid: "MB-1", email: "jane@chart.test", status: "active", ...state },
      { uid: "MB-2", email: "joe@chart.test", status: "pending", ...state },
      { uid: "MB-3", email: "ann@chart.test", status: "failed", ...state },
    ],
  });
  await p.domain.createMany({
    data: [
      { uid: "DOM-1", name: "chart.test", status: "active", ...state },
      { uid: "DOM-2", name: "wait.test", status: "waiting_for_dns_propagation", ...state },
    ],
  });
  await p.consentRequest.create({ data: { uid: "CR-1", status: "pending", mailboxId: "MB-1", ...state } });
  await p.clientIdRequest.create({
    data: { uid: "CID-WAIT-1", status: "pending", domainName: "chart.test", mailboxId: "MB-2", ...state },
  });
  await p.webhookEvent.createMany({
    data: [
      // 3 hours ago: 2 accepted (applied, ignored) and 1 stale; now: 1 accepted; 8 days ago: outside.
      event("applied", hoursAgo(3), { type: "mailbox", uid: "MB-1" }),
      event("ignored", hoursAgo(3, 20), { type: null, uid: null }, "domain.renamed_by_vendor"),
      event("stale", hoursAgo(3, 30), { type: "domain", uid: "DOM-1" }),
      event("applied", hoursAgo(0, 0), { type: "consent_request", uid: "CR-1" }),
      event("applied", hoursAgo(0, 1), { type: "client_id_request", uid: "CID-WAIT-1" }),
      event("applied", hoursAgo(0, 2), { type: "mail_message", uid: "jane@chart.test" }),
      event("applied", hoursAgo(8 * 24), { type: "mailbox", uid: "MB-2" }),
    ],
  });
  await p.rejectedDelivery.createMany({
    data: [refusal(hoursAgo(3)), refusal(hoursAgo(167, 59)), refusal(hoursAgo(168))],
  });
  await p.refusalCounter.create({
    data: { vendor: "inboxkit", reason: "bad_signature", hour: new Date(thisHour - 3 * HOUR), count: 40 },
  });
}

describe.each(await providers())("overview charts and recent events on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    process.env.DASHBOARD_API_TOKEN = TOKEN;
    resetConfig();
    t = await freshDatabase(provider);
    await seed(t);
  });
  afterAll(async () => t.drop());

  it("a first chart counts no settled history itself: the background backfill does, a slice per statement", async () => {
    // After a deploy nothing is kept: at 7,000,000 events the first chart took 93-103 s on SQLite.
    const first = await deliveriesPerHour(NOW);
    expect(first.hours).toHaveLength(CHART_HOURS);
    expect(first.pendingHours, "settled hours left to the backfill").toBeGreaterThanOrEqual(CHART_HOURS - 1);
    expect(first.hours.at(-4), "3 hours ago is not counted on the request").toMatchObject({
      accepted: 0,
      stale: 0,
      refused: 0,
    });
    const settledSlices =
      (Math.floor((NOW.getTime() - CHART_SETTLE_MS) / CHART_SLICE_MS) * CHART_SLICE_MS - (thisHour - 167 * HOUR)) /
      CHART_SLICE_MS;
    expect(await deliveryHoursBackfill(), "one statement per slice, but those the request counted").toBe(
      settledSlices - REQUEST_SLICES,
    );
    expect((await deliveriesPerHour(NOW)).pendingHours).toBe(0);
  });

  it("the chart's count reads webhook_events from the receipt-time index alone", async () => {
    const count = sliceCount(new Date(thisHour - 3 * HOUR), new Date(thisHour - 3 * HOUR + CHART_SLICE_MS));
    if (provider === "sqlite") {
      const db = new BetterSqlite3(sqlitePath(t.url), { readonly: true });
      const values = count.values.map((v) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : v));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${count.sql}`).all(...values) as { detail: string }[]).map(
        (s) => s.detail,
      );
      db.close();
      expect(plan.join("\n")).toContain(
        "SEARCH webhook_events USING COVERING INDEX webhook_events_received_at_outcome_idx",
      );
    } else {
      // The planner prefers a sequential scan of a table this small; without it, the index must cover the count.
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      await client.query("BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off");
      const { rows } = await client.query(`EXPLAIN ${count.text}`, count.values);
      await client.query("ROLLBACK");
      await client.end();
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(plan).toMatch(/Index Only Scan using webhook_events_received_at_outcome_idx on webhook_events/);
    }
  });

  it("counts deliveries per hour for 7 days: accepted, stale and refused, zeros included", async () => {
    const { hours } = await deliveriesPerHour(NOW);
    expect(hours).toHaveLength(CHART_HOURS);
    expect(hours.at(-1)!.hour).toBe(new Date(thisHour).toISOString());
    expect(hours[0].hour).toBe(new Date(thisHour - 167 * HOUR).toISOString());
    expect(hours.at(-1)).toMatchObject({ accepted: 3, stale: 0, refused: 0 });
    expect(hours.at(-4)).toMatchObject({ hour: new Date(thisHour - 3 * HOUR).toISOString(), accepted: 2, stale: 1 });
    expect(hours.at(-4)!.refused, "1 stored + 40 counted past the cap").toBe(41);
    expect(hours[0].refused, "167 h ago is in, 168 h ago is not").toBe(1);
    const sum = (k: "accepted" | "stale" | "refused") => hours.reduce((n, h) => n + h[k], 0);
    expect([sum("accepted"), sum("stale"), sum("refused")]).toEqual([5, 1, 42]);
  });

  it("the overview carries the chart and the funnel by status group", async () => {
    const body = (await (await overviewGET(get("/api/overview"))).json()) as Overview;
    expect(body.deliveries).toHaveLength(CHART_HOURS);
    expect(body.deliveriesPendingHours).toBe(0);
    expect(body.funnel.mailboxes).toEqual({ working: 1, attention: 0, problem: 1, done: 1, inactive: 0 });
    expect(body.funnel.domains.done).toBe(1);
    expect(body.funnel.domains.working + body.funnel.domains.attention).toBe(1);
  });

  it("names recent events by address or domain and links each to its page", async () => {
    const body = (await (await overviewGET(get("/api/overview"))).json()) as Overview;
    const byUid = (uid: string | null) => body.events.find((e) => e.entityUid === uid)!;
    expect(byUid("CR-1")).toMatchObject({ label: "jane@chart.test", href: "/requests/CR-1" });
    expect(byUid("CID-WAIT-1")).toMatchObject({ label: "chart.test", href: "/requests/CID-WAIT-1" });
    expect(byUid("MB-1")).toMatchObject({ label: "jane@chart.test", href: "/mailboxes/MB-1" });
    expect(byUid("DOM-1")).toMatchObject({ label: "chart.test", href: "/domains/DOM-1" });
    expect(byUid("jane@chart.test"), "Inkbox mail opens its mailbox").toMatchObject({ href: "/mailboxes/MB-1" });
    expect(byUid(null), "an unknown event type has no page").toMatchObject({ label: null, href: null });
    const list = (await (await eventsGET(get("/api/events?limit=50"))).json()) as { rows: EventRow[] };
    expect(list.rows.find((e) => e.entityUid === "CID-WAIT-1")?.label).toBe("chart.test");
  });

  it("the workspace page's data carries its recent events", async () => {
    const response = await workspaceGET(get("/api/workspaces/ws-chart"), {
      params: Promise.resolve({ workspaceId: "ws-chart" }),
    });
    const body = (await response.json()) as { events: EventRow[] };
    expect(body.events.map((e) => e.entityUid)).toContain("CID-WAIT-1");
    expect(body.events.length).toBeLessThanOrEqual(10);
  });

  it("keeps the counts of a settled hour: counted once, then read, not recounted; the open hour live; reverify recounts one", async () => {
    const p = t.db.prisma;
    const first = thisHour - 167 * HOUR;
    const settled = Math.floor((NOW.getTime() - CHART_SETTLE_MS) / HOUR) * HOUR;
    // The backfill kept every hour that ended 5 minutes ago.
    const kept = await p.deliveryHour.findMany({ orderBy: { hour: "asc" } });
    expect(kept).toHaveLength((settled - first) / HOUR);
    expect(kept[0].hour.getTime()).toBe(first);
    expect(kept.find((k) => k.hour.getTime() === thisHour - 3 * HOUR)).toMatchObject({
      accepted: 2,
      stale: 1,
      refused: 41,
    });
    // A row stored into a kept hour is not counted again (none can arrive there: the hour ended); the open minutes are.
    await p.webhookEvent.createMany({
      data: [
        event("applied", hoursAgo(3, 40), { type: "mailbox", uid: "MB-1" }),
        event("applied", NOW, { type: "mailbox", uid: "MB-1" }),
      ],
    });
    let { hours } = await deliveriesPerHour(NOW);
    expect(hours.at(-4)).toMatchObject({ accepted: 2, stale: 1, refused: 41 });
    expect(hours.at(-1)!.accepted).toBe(4);
    // A delivery recovered from quarantine keeps its receipt time: reverify has its hour counted again.
    await forgetDeliveryHour(t.db, hoursAgo(3));
    expect((await deliveriesPerHour(NOW)).pendingHours, "counted again in the background").toBe(1);
    await deliveryHoursBackfill();
    ({ hours } = await deliveriesPerHour(NOW));
    expect(hours.at(-4)!.accepted).toBe(3);
    // An hour on, the chart keeps the hour that settled and drops the one it no longer shows.
    await deliveriesPerHour(new Date(NOW.getTime() + HOUR));
    await deliveryHoursBackfill();
    const moved = await p.deliveryHour.findMany({ orderBy: { hour: "asc" } });
    expect(moved[0].hour.getTime()).toBe(first + HOUR);
    expect(moved.at(-1)!.hour.getTime(), "the newly settled hour").toBe(settled);
  });
});
