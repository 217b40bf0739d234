// The runtime that starts with the server: its loops send what the outbox holds, and stop() ends
// them (no round runs afterwards) and releases the scheduler lease.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetConfig } from "@/lib/config";
import { manualClock } from "@/lib/notify/clock";
import { startNotifications } from "@/lib/notify/runtime";
import { publish } from "@/lib/live/bus";
import type { Lease } from "@/lib/notify/lease";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { fakeSources, startRig, stuckItem, type Rig } from "../helpers/notify";

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error(`gave up waiting: ${what}`);
}

describe("notification runtime", () => {
  let t: TestDatabase;
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    t = await freshDatabase("sqlite");
    Object.assign(process.env, rig.env, { CUSTOMER_LINK_SECRET: "customer-link-secret-for-tests-0123" });
    resetConfig();
  });
  afterAll(async () => {
    for (const name of Object.keys(rig.env)) delete process.env[name];
    resetConfig();
    await t.drop();
    await rig.close();
  });

  it("evaluates and sends in the background, and stops cleanly", async () => {
    const sources = fakeSources();
    sources.open.set("stuck:domain:rt", stuckItem("rt"));
    const lease: Lease = { hold: vi.fn(async () => true), release: vi.fn(async () => undefined) };
    const items = vi.spyOn(sources, "items");
    const runtime = startNotifications({
      db: t.db,
      clock: manualClock("2026-12-01T12:00:00Z"),
      sources,
      lease,
      workerEveryMs: 10,
      evaluateEveryMs: 10,
    });
    await until(
      () => rig.webhook.received.length === 1 && rig.slack.received.length === 1 && rig.smtp.mails.length === 1,
      "one alert per channel",
    );
    await runtime.stop();
    expect(lease.release).toHaveBeenCalledTimes(1);
    const rounds = items.mock.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(items.mock.calls.length).toBe(rounds);
    expect(rig.webhook.received[0].verified).toBe(true);
  });

  it("evaluates soon after a change notice instead of waiting for the next round", async () => {
    const sources = fakeSources();
    const lease: Lease = { hold: async () => true, release: async () => undefined };
    const before = rig.slack.received.length;
    const runtime = startNotifications({
      db: t.db,
      clock: manualClock("2026-12-01T13:00:00Z"),
      sources,
      lease,
      workerEveryMs: 3_600_000,
      evaluateEveryMs: 3_600_000,
    });
    try {
      sources.open.set("stuck:domain:woken", stuckItem("woken"));
      publish({ kind: "event", entityType: "domain", entityUid: "woken" });
      await until(() => rig.slack.received.length === before + 1, "the alert, long before the next hourly round");
    } finally {
      await runtime.stop();
    }
  });
});

describe("notification runtime under a steady stream of changes", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase("sqlite");
  });
  afterAll(async () => t.drop());

  it("spends at most about a fifth of its time evaluating, however long a round takes", async () => {
    // A round that takes ROUND_MS (at full size a walk of the queue takes seconds): woken by every
    // delivery, rounds must not follow each other back to back.
    const ROUND_MS = 200;
    const sources = fakeSources();
    let rounds = 0;
    let busyMs = 0;
    sources.items = async () => {
      rounds += 1;
      const started = Date.now();
      await new Promise((r) => setTimeout(r, ROUND_MS));
      busyMs += Date.now() - started;
      return [];
    };
    const runtime = startNotifications({
      db: t.db,
      clock: manualClock("2026-12-01T14:00:00Z"),
      sources,
      lease: { hold: async () => true, release: async () => undefined },
      workerEveryMs: 3_600_000,
      evaluateEveryMs: 3_600_000,
      wakeDelayMs: 10,
    });
    const started = Date.now();
    const deliveries = setInterval(() => publish({ kind: "event", entityType: "domain", entityUid: "busy" }), 20);
    try {
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      clearInterval(deliveries);
      await runtime.stop();
    }
    const elapsed = Date.now() - started;
    expect(rounds).toBeGreaterThanOrEqual(2); // changes are still evaluated without waiting for the hourly round
    expect(busyMs / elapsed).toBeLessThan(0.3);
  });

  it("evaluates under deliveries that arrive more often than the wake delay (a wake never postpones a due round)", async () => {
    const sources = fakeSources();
    let rounds = 0;
    sources.items = async () => {
      rounds += 1;
      return [];
    };
    const runtime = startNotifications({
      db: t.db,
      clock: manualClock("2026-12-01T15:00:00Z"),
      sources,
      lease: { hold: async () => true, release: async () => undefined },
      workerEveryMs: 3_600_000,
      evaluateEveryMs: 3_600_000,
      wakeDelayMs: 200,
    });
    const deliveries = setInterval(() => publish({ kind: "event", entityType: "domain", entityUid: "steady" }), 20);
    try {
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      clearInterval(deliveries);
      await runtime.stop();
    }
    expect(rounds).toBeGreaterThanOrEqual(3);
  });
});
