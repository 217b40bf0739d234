// The outbox, worker and scheduler against real receivers, on SQLite and PostgreSQL, with a manual
// clock (no sleeping): one alert per channel and condition, one resolution notice, nothing new on a
// repeated evaluation, retries with backoff until delivered, failure after 24 h, and digests when a
// channel is rate-limited.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { fakeSources, itemIdsReceived, LINK_SECRET, machinery, startRig, stuckItem, type Rig } from "../helpers/notify";
import type { NotifySources } from "@/lib/notify/conditions";
import { evaluate } from "@/lib/notify/scheduler";
import { maxRetryDelayMs, RETRY_WINDOW_MS } from "@/lib/notify/outbox";
import { RATE_LIMIT_MS } from "@/lib/notify/worker";
import { attentionItems } from "@/lib/queries/attention";
import { openItemOf } from "@/lib/notify/sources";
import { saveChannelSettings } from "@/lib/notify/settings";

const list = await providers();

describe.each(list)("notification outbox on %s", (provider) => {
  let t: TestDatabase;
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig.close();
  });
  beforeEach(async () => {
    await t?.drop();
    t = await freshDatabase(provider);
    rig.webhook.received.length = 0;
    rig.webhook.attempts.length = 0;
    rig.slack.received.length = 0;
    rig.smtp.mails.length = 0;
  });
  afterAll(async () => t?.drop());

  it("sends one alert per channel, one resolution notice, and nothing new on a repeated evaluation", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    sources.open.set("stuck:domain:dom-1", stuckItem("dom-1"));

    expect(await m.evaluate()).toMatchObject({ opened: 1, written: 3 });
    expect(await m.evaluate()).toMatchObject({ opened: 0, written: 0 });
    await m.work();
    await m.work();
    expect(rig.webhook.received).toHaveLength(1);
    expect(rig.slack.received).toHaveLength(1);
    expect(rig.smtp.mails).toHaveLength(1);
    expect(rig.webhook.received[0].verified).toBe(true);
    expect(rig.webhook.received[0].json).toMatchObject({
      type: "notification.alert",
      data: { notifications: [{ item: { id: "stuck:domain:dom-1" } }] },
    });
    expect(rig.smtp.mails[0].subject).toContain("dom-1.example.com stuck");
    expect(rig.smtp.mails[0].text).toContain("http://dash.test/domains/dom-1");

    m.clock.advance(10 * 60_000);
    expect(await m.evaluate()).toMatchObject({ opened: 0, written: 0 });
    sources.open.delete("stuck:domain:dom-1");
    expect(await m.evaluate()).toMatchObject({ resolved: 1, written: 3 });
    expect(await m.evaluate()).toMatchObject({ resolved: 0, written: 0 });
    m.clock.advance(RATE_LIMIT_MS);
    await m.work();
    await m.work();
    expect(rig.webhook.received.map((r) => (r.json as { type: string }).type)).toEqual([
      "notification.alert",
      "notification.resolved",
    ]);
    expect(rig.slack.received).toHaveLength(2);
    expect(rig.smtp.mails.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Alert \(critical\)/),
      expect.stringMatching(/^Resolved:/),
    ]);

    // The same item opening again later is a new condition: alerted again.
    m.clock.advance(RATE_LIMIT_MS);
    sources.open.set("stuck:domain:dom-1", stuckItem("dom-1"));
    expect(await m.evaluate()).toMatchObject({ opened: 1, written: 3 });
  });

  // Two evaluators at once: a PostgreSQL instance whose lease connection dropped mid-round while
  // another took the lease over, or two processes on one SQLite file. Round B read the queue while
  // the item was open; round A then saw it gone and resolved it; B, reading the conditions after
  // A's commit, found none open and alerted a second episode.
  it("two rounds at once: the one another round's commit overtook writes nothing", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    sources.open.set("stuck:domain:dom-1", stuckItem("dom-1"));
    expect(await m.evaluate()).toMatchObject({ opened: 1, written: 3 });
    const overtaken: NotifySources = {
      ...sources,
      items: async (now) => {
        const items = await sources.items(now);
        sources.open.delete("stuck:domain:dom-1");
        expect(await m.evaluate()).toMatchObject({ resolved: 1, written: 3 });
        return items;
      },
    };
    const roundB = evaluate({
      db: t.db,
      config: () => rig.config,
      clock: m.clock,
      sources: overtaken,
      linkSecret: () => LINK_SECRET,
    });
    expect(await roundB).toMatchObject({ written: 0 });
    expect(await m.evaluate()).toMatchObject({ written: 0 });
    const kinds = await t.db.prisma.notification.groupBy({ by: ["kind"], _count: true, orderBy: { kind: "asc" } });
    expect(kinds.map((k) => [k.kind, k._count])).toEqual([
      ["alert", 3],
      ["resolved", 3],
    ]);
  });

  it("does not alert for an acknowledged or snoozed item, and does when it comes back", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    sources.open.set("stuck:domain:dom-2", stuckItem("dom-2", { silenced: true }));
    expect(await m.evaluate()).toMatchObject({ opened: 0, written: 0 });
    sources.open.delete("stuck:domain:dom-2");
    expect(await m.evaluate()).toMatchObject({ resolved: 0, written: 0 });
    sources.open.set("stuck:domain:dom-2", stuckItem("dom-2", { silenced: false }));
    expect(await m.evaluate()).toMatchObject({ opened: 1, written: 3 });
  });

  it("retries a receiver that is down for 3 attempts, then delivers once with the same webhook-id", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    await saveChannelSettings(t.db, "global", { channels: { slack: false, email: false } }, m.clock());
    sources.open.set("stuck:domain:dom-3", stuckItem("dom-3"));
    await m.evaluate();
    rig.webhook.failNext(3);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await m.work()).toMatchObject({ sent: 0, failed: 1 });
      expect(await m.work()).toMatchObject({ messages: 0 }); // not due again before its backoff
      m.clock.advance(maxRetryDelayMs(attempt));
    }
    expect(await m.work()).toMatchObject({ sent: 1, failed: 0 });
    expect(await m.work()).toMatchObject({ messages: 0 });
    expect(rig.webhook.attempts).toHaveLength(4);
    expect(rig.webhook.received).toHaveLength(1);
    expect(new Set(rig.webhook.attempts.map((a) => a.headers["webhook-id"])).size).toBe(1);
    const row = await t.db.prisma.notification.findFirstOrThrow({ where: { channel: "webhook" } });
    expect(row).toMatchObject({ status: "sent", attempts: 4, lastError: null });
    expect(row.messageId).toBe(rig.webhook.received[0].headers["webhook-id"]);
    expect(rig.slack.received).toHaveLength(0);
  });

  it("retries a digest as the same message: its rows stay together whatever the jitter", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    let call = 0;
    m.worker.random = () => [0, 1][call++ % 2]; // the two extremes of the jitter
    await saveChannelSettings(t.db, "global", { channels: { slack: false, email: false } }, m.clock());
    sources.open.set("stuck:domain:p", stuckItem("p"));
    sources.open.set("stuck:domain:q", stuckItem("q"));
    await m.evaluate();
    rig.webhook.failNext(1);
    expect(await m.work()).toMatchObject({ messages: 1, failed: 2 });
    m.clock.advance(maxRetryDelayMs(1) / 2); // the shortest possible wait (jitter 0)
    expect(await m.work()).toMatchObject({ messages: 1, sent: 2 });
    expect(rig.webhook.received).toHaveLength(1);
    expect(itemIdsReceived(rig.webhook).sort()).toEqual(["stuck:domain:p", "stuck:domain:q"]);
    expect(rig.webhook.attempts.map((a) => a.headers["webhook-id"])).toEqual([
      rig.webhook.received[0].headers["webhook-id"],
      rig.webhook.received[0].headers["webhook-id"],
    ]);
  });

  // A first round at scale opens every condition at once (37,336 items at 100,000 mailboxes): more
  // bound values than one statement takes on SQLite (32,766) and PostgreSQL (65,535) at 6 a row.
  it("opens and resolves 11,000 conditions in one round each", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    for (let i = 0; i < 11_000; i++) sources.open.set(`d-${i}`, stuckItem(`d-${i}`, { id: `stuck:domain:d-${i}` }));
    expect(await m.evaluate()).toMatchObject({ opened: 11_000 });
    expect(await t.db.prisma.notificationCondition.count({ where: { resolvedAt: null } })).toBe(11_000);
    sources.open.clear();
    expect(await m.evaluate()).toMatchObject({ resolved: 11_000 });
    expect(await t.db.prisma.notificationCondition.count({ where: { resolvedAt: null } })).toBe(0);
  }, 300_000);

  it("gives up after 24 h of retries, marks the notification failed and raises an item for it", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    sources.open.set("stuck:domain:dom-4", stuckItem("dom-4"));
    await m.evaluate();
    rig.webhook.failNext(1_000);
    let attempts = 0;
    while (m.clock().getTime() - Date.parse("2026-12-01T12:00:00Z") <= RETRY_WINDOW_MS) {
      attempts += 1;
      await m.work();
      m.clock.advance(maxRetryDelayMs(attempts));
    }
    await m.work();
    rig.webhook.failNext(0);
    const row = await t.db.prisma.notification.findFirstOrThrow({ where: { channel: "webhook" } });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBeGreaterThan(20);
    expect(row.lastError).toBe("the receiver answered HTTP 503");

    // It is in the attention queue, and alerts like any item there.
    const [queued] = (await attentionItems(m.clock())).filter((i) => i.entityType === "notification");
    expect(queued).toMatchObject({ kind: "failed", severity: "critical", uid: "webhook:default", acknowledged: null });
    expect(queued.label).toBe(
      "Notifications via the alert webhook: 1 undelivered after 24 h of retries (the receiver answered HTTP 503)",
    );
    const failure = openItemOf(queued);
    expect(failure).toMatchObject({ channel: "webhook", path: "/notifications?status=failed" });
    sources.open.set(failure.id, failure);
    m.clock.advance(RATE_LIMIT_MS);
    expect(await m.evaluate()).toMatchObject({ opened: 1 });
    const about = await t.db.prisma.notification.findMany({ where: { itemId: failure.id } });
    // Announced on the other channels, never on the one that is failing.
    expect(about.map((n) => n.channel).sort()).toEqual(["email", "slack"]);
  });

  it("sends at most one message per channel a minute; what arrives meanwhile goes in one digest", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    sources.open.set("stuck:domain:a", stuckItem("a"));
    await m.evaluate();
    await m.work();
    expect(rig.slack.received).toHaveLength(1);
    for (const uid of ["b", "c", "d"]) sources.open.set(`stuck:domain:${uid}`, stuckItem(uid));
    m.clock.advance(20_000);
    await m.evaluate();
    expect(await m.work()).toMatchObject({ messages: 0 });
    m.clock.advance(RATE_LIMIT_MS - 20_000);
    expect(await m.work()).toMatchObject({ messages: 3, sent: 9 });
    expect(rig.slack.received).toHaveLength(2);
    expect((rig.slack.received[1].json as { text: string }).text).toMatch(/^Digest: 3 notifications/);
    expect(rig.smtp.mails[1].subject).toMatch(/^Digest: 3 notifications/);
    expect(itemIdsReceived(rig.webhook).sort()).toEqual([
      "stuck:domain:a",
      "stuck:domain:b",
      "stuck:domain:c",
      "stuck:domain:d",
    ]);
    expect(rig.webhook.received.every((r) => r.verified)).toBe(true);
  });

  it("honours channel switches globally and per workspace, and workspace recipients", async () => {
    const sources = fakeSources();
    const m = machinery(t.db, rig, sources);
    await saveChannelSettings(t.db, "ws-2", { channels: { slack: false } }, m.clock());
    sources.settings.set("ws-2", {
      workspaceId: "ws-2",
      contactEmail: null,
      contactName: null,
      displayName: null,
      notifyEmails: ["lead@ws2.example"],
      nudges: true,
    });
    sources.open.set("x", stuckItem("x", { id: "x", workspaceId: "ws-2" }));
    sources.open.set("y", stuckItem("y", { id: "y", workspaceId: "ws-3" }));
    await m.evaluate();
    const rows = await t.db.prisma.notification.findMany({ orderBy: { id: "asc" } });
    const where = (id: string) =>
      rows
        .filter((r) => r.itemId === id)
        .map((r) => r.destination)
        .sort();
    expect(where("x")).toEqual(["email:lead@ws2.example", "email:ops@example.com", "webhook:default"]);
    expect(where("y")).toEqual(["email:ops@example.com", "slack:default", "webhook:default"]);
  });
});
