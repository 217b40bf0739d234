// Two app instances on one PostgreSQL database, each with its own connection pool, worker and
// scheduler: 50 triggering events, and every alert is received exactly once on every channel. The
// scheduler's lease is held by one instance at a time and taken over when its holder dies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { advisoryLease } from "@/lib/notify/lease";
import { RATE_LIMIT_MS } from "@/lib/notify/worker";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { postgresForScaleOut } from "../helpers/postgres-gate";
import { fakeSources, itemIdsReceived, machinery, startRig, stuckItem, type Rig } from "../helpers/notify";

const run = await postgresForScaleOut("notifications across two instances");

describe.runIf(run)("notifications with two instances on PostgreSQL", () => {
  let t: TestDatabase;
  let rig: Rig;
  let a: Database;
  let b: Database;

  beforeAll(async () => {
    rig = await startRig();
    t = await freshDatabase("postgresql");
    a = openDatabase(t.url);
    b = openDatabase(t.url);
  });
  afterAll(async () => {
    await Promise.all([a?.prisma.$disconnect(), b?.prisma.$disconnect()]);
    await t?.drop();
    await rig.close();
  });

  it("delivers each of 50 alerts exactly once per channel", async () => {
    const sources = fakeSources();
    const one = machinery(a, rig, sources);
    const two = machinery(b, rig, sources);
    const ids: string[] = [];
    // 50 events arrive over a few minutes; both instances evaluate and work concurrently throughout.
    for (let i = 0; i < 50; i++) {
      const item = stuckItem(`dom-${i}`);
      sources.open.set(item.id, item);
      ids.push(item.id);
      if (i % 10 === 9) {
        await Promise.all([one.evaluate(), two.evaluate(), one.work(), two.work(), one.work(), two.work()]);
        one.clock.advance(RATE_LIMIT_MS);
        two.clock.advance(RATE_LIMIT_MS);
      }
    }
    for (let round = 0; round < 3; round++) {
      await Promise.all([one.evaluate(), two.evaluate(), one.work(), two.work(), one.work(), two.work()]);
      await Promise.all([one.work(), two.work(), one.work(), two.work()]);
      one.clock.advance(RATE_LIMIT_MS);
      two.clock.advance(RATE_LIMIT_MS);
    }

    const webhookIds = itemIdsReceived(rig.webhook);
    expect(webhookIds).toHaveLength(50);
    expect(new Set(webhookIds)).toEqual(new Set(ids));
    expect(rig.webhook.received.every((r) => r.verified)).toBe(true);
    expect(new Set(rig.webhook.received.map((r) => r.headers["webhook-id"])).size).toBe(rig.webhook.received.length);

    const slackText = rig.slack.received.map((r) => JSON.stringify(r.json)).join("\n");
    for (const id of ids) expect(slackText.split(`/domains/${id.split(":")[2]}|`).length - 1).toBe(1);
    const mailText = rig.smtp.mails.map((m) => m.text ?? "").join("\n");
    for (const id of ids) expect(mailText.split(`/domains/${id.split(":")[2]}\n`).length - 1).toBe(1);

    // One message a minute per channel: 5 batches of 10 arrive, so at most 5 messages each.
    expect(rig.slack.received.length).toBeLessThanOrEqual(5);
    const rows = await a.prisma.notification.groupBy({ by: ["status"], _count: true });
    expect(rows).toEqual([{ status: "sent", _count: 150 }]);
  });

  it("lets one instance at a time hold the scheduler lease, and another take over when it dies", async () => {
    const first = advisoryLease(t.url);
    const second = advisoryLease(t.url);
    try {
      expect(await first.hold()).toBe(true);
      expect(await second.hold()).toBe(false);
      expect(await first.hold()).toBe(true);
      await first.release(); // the instance dies: its connection closes
      expect(await second.hold()).toBe(true);
      expect(await first.hold()).toBe(false);
    } finally {
      await Promise.all([first.release(), second.release()]);
    }
  });
});
