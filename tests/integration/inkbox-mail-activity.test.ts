// Mail activity read models on a real database, fed through the Inkbox route: 24 h / 7 d counts at
// the window edges, the health verdict per mailbox, the batch summary for a page of the mailbox list
// (a fixed number of queries whatever the page size), and the feed for the mailbox page.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/inkbox/route";
import { resetConfig } from "@/lib/config";
import { inkboxMessageEvent, signInkbox, type SimMessage } from "@/lib/simulator/inkbox";
import {
  mailActivityFeed,
  mailActivitySummaries,
  mailActivitySummary,
  mailActivityView,
} from "@/lib/queries/mail-activity";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit } from "../helpers/inboxkit";

const KEY = "inkbox_activity_key";
const NOW = Date.now();
const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(NOW - h * HOUR);

let n = 0;
async function deliver(
  eventType: string,
  mailbox: string,
  ageHours: number,
  options: { id?: string; direction?: SimMessage["direction"]; messageId?: string } = {},
) {
  n += 1;
  const direction = options.direction ?? (eventType === "message.received" ? "inbound" : "outbound");
  const m: SimMessage = {
    id: options.messageId ?? `msg_act_${n}`,
    mailboxEmail: mailbox,
    direction,
    from: direction === "outbound" ? mailbox : "prospect@acme.com",
    to: direction === "outbound" ? ["prospect@acme.com", "cc-ish@acme.com"] : [mailbox],
    subject: `Subject ${n}`,
    createdAt: hoursAgo(ageHours),
  };
  const payload = inkboxMessageEvent(eventType, m, { at: hoursAgo(ageHours), id: options.id });
  const d = signInkbox(payload, { secret: KEY });
  const res = await POST(
    new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers: d.headers, body: d.body }),
  );
  expect(res.status).toBe(200);
  return m;
}

describe.each(await providers())("mail activity queries on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    process.env.INKBOX_SIGNING_KEYS = KEY;
    resetConfig();
    t = await freshDatabase(provider);

    // flowing@: delivered mail all week, one inbound today; one event too old to count.
    for (const h of [1, 5, 23.5, 30, 100, 160]) {
      await deliver("message.sent", "flowing@northwind.com", h);
      await deliver("message.delivered", "flowing@northwind.com", h);
    }
    await deliver("message.received", "flowing@northwind.com", 2);
    await deliver("message.delivered", "flowing@northwind.com", 24 * 8);
    // bouncing@: clean days before, 2 of 10 bounced today.
    for (const h of [50, 70, 90]) await deliver("message.delivered", "bouncing@northwind.com", h);
    for (let i = 0; i < 10; i++)
      await deliver(i < 2 ? "message.bounced" : "message.delivered", "bouncing@northwind.com", 1 + i);
    // failing@: today nothing gets through.
    await deliver("message.failed", "failing@northwind.com", 3);
    await deliver("message.bounced", "failing@northwind.com", 2);
    await deliver("message.delivered", "failing@northwind.com", 50);
    // quiet@: only mail from 10 days ago.
    await deliver("message.delivered", "quiet@northwind.com", 240);
  });
  afterAll(async () => t.drop());

  it("counts events in the last 24 h and 7 d, edges included", async () => {
    const s = await mailActivitySummary("flowing@northwind.com", new Date(NOW));
    expect(s.last24h).toEqual({ received: 1, sent: 3, delivered: 3, bounced: 0, failed: 0, forwarded: 0 });
    expect(s.last7d).toEqual({ received: 1, sent: 6, delivered: 6, bounced: 0, failed: 0, forwarded: 0 });
    expect(s.lastActivityAt).toBe(hoursAgo(1).toISOString());
  });

  it("gives each mailbox of a page its verdict in a fixed number of grouped queries (rollups plus one partial hour of raw mail), whatever the page size", async () => {
    const groupBy = vi.spyOn(t.db.prisma.mailActivity, "groupBy");
    const rollups = vi.spyOn(t.db.prisma.mailRollup, "groupBy");
    const queries = () => groupBy.mock.calls.length + rollups.mock.calls.length;
    try {
      await mailActivitySummaries(["flowing@northwind.com"], new Date(NOW));
      const forOne = queries();
      expect(forOne).toBeLessThanOrEqual(5);
      groupBy.mockClear();
      rollups.mockClear();
      const page = [
        "Flowing@Northwind.com",
        "bouncing@northwind.com",
        "failing@northwind.com",
        "quiet@northwind.com",
        "never@northwind.com",
        "flowing@northwind.com",
      ];
      const summaries = await mailActivitySummaries(page, new Date(NOW));
      expect(queries()).toBe(forOne);
      expect(Object.keys(summaries).sort()).toEqual([
        "bouncing@northwind.com",
        "failing@northwind.com",
        "flowing@northwind.com",
        "never@northwind.com",
        "quiet@northwind.com",
      ]);
      expect(Object.fromEntries(Object.entries(summaries).map(([email, s]) => [email, s.health.state]))).toEqual({
        "flowing@northwind.com": "flowing",
        "bouncing@northwind.com": "bounces_rising",
        "failing@northwind.com": "failing",
        "quiet@northwind.com": "quiet",
        "never@northwind.com": "no_mail",
      });
      expect(summaries["bouncing@northwind.com"].health.reason).toBe(
        "Bounce rate 20 % in the last 24 h, against 0 % over the 6 days before",
      );
      expect(summaries["never@northwind.com"]).toMatchObject({ lastActivityAt: null, last7d: { delivered: 0 } });
    } finally {
      groupBy.mockRestore();
      rollups.mockRestore();
    }
  });

  it("answers an empty page without querying", async () => {
    expect(await mailActivitySummaries([])).toEqual({});
  });

  it("the feed lists a mailbox's events newest first, with duplicates counted, metadata only", async () => {
    const m = await deliver("message.bounced", "feed@northwind.com", 0.5, { id: "evt_feed_bounce" });
    // A replay of the same envelope.
    const replay = signInkbox(inkboxMessageEvent("message.bounced", m, { at: hoursAgo(0.5), id: "evt_feed_bounce" }), {
      secret: KEY,
    });
    await POST(
      new Request("http://localhost/api/webhooks/inkbox", {
        method: "POST",
        headers: replay.headers,
        body: replay.body,
      }),
    );
    await deliver("message.received", "feed@northwind.com", 2);
    await deliver("message.sent", "feed@northwind.com", 0.6, { messageId: m.id });

    const feed = await mailActivityFeed("FEED@northwind.com");
    expect(feed.hasMore).toBe(false);
    expect(feed.items.map((i) => [i.kind, i.duplicateCount])).toEqual([
      ["bounced", 2],
      ["sent", 1],
      ["received", 1],
    ]);
    expect(feed.items[0]).toMatchObject({
      eventType: "message.bounced",
      direction: "outbound",
      status: "bounced",
      messageUid: m.id,
      fromAddress: "feed@northwind.com",
      toAddresses: ["prospect@acme.com", "cc-ish@acme.com"],
      ccAddresses: [],
      subject: m.subject,
      occurredAt: hoursAgo(0.5).toISOString(),
    });
    expect(JSON.stringify(feed)).not.toContain("snippet");

    const limited = await mailActivityFeed("feed@northwind.com", { limit: 2 });
    expect(limited.items).toHaveLength(2);
    expect(limited.hasMore).toBe(true);
  });

  it("the mailbox view combines the summary and the feed", async () => {
    const view = await mailActivityView("failing@northwind.com", { now: new Date(NOW), limit: 10 });
    expect(view.summary.health.state).toBe("failing");
    expect(view.feed.map((i) => i.kind)).toEqual(["bounced", "failed", "delivered"]);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view); // JSON-ready as it is
  });
});
