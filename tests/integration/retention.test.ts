// Retention on every provider, with an injected clock and tiny batches: payloads of events older than
// EVENT_PAYLOAD_RETENTION_DAYS are dropped while their rows (timeline, counts) stay; refusals and
// hourly counters older than REFUSED_RETENTION_DAYS are deleted; quarantined bodies past their 7 days
// are erased; newer rows are untouched; work is done batch by batch with a pause between batches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as inboxKitPOST } from "@/app/api/webhooks/inboxkit/route";
import { POST as inkboxPOST } from "@/app/api/webhooks/inkbox/route";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { GET as eventsGET } from "@/app/api/events/route";
import { GET as eventGET } from "@/app/api/events/[id]/route";
import { resetConfig } from "@/lib/config";
import { retentionRound } from "@/lib/events/retention";
import { QUARANTINE_MS } from "@/lib/webhooks/quarantine";
import type { EventDetail, EventRow } from "@/lib/queries/events";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";

const TOKEN = "retention-api-token-0123456789abcdef";
const INKBOX_KEY = "inkbox_retention_key";
const DAY = 24 * 3600_000;
const NOW = new Date(Date.UTC(2026, 5, 1, 12));
const ago = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY + extraMs);

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

describe.each(await providers())("retention on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      SESSION_SECRET: "retention-session-secret-0123456789",
      DASHBOARD_PASSWORD: "pw",
      DASHBOARD_API_TOKEN: TOKEN,
    });
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());

  it("drops old payloads, keeps their rows; deletes old refusals and counters; erases expired quarantine", async () => {
    // Seven events of one mailbox: received 200, 100, 91, 90 days minus a minute, 30, 1 and 0 days ago.
    const ages = [200, 100, 91, 90, 30, 1, 0];
    for (const [i, days] of ages.entries()) {
      const body = mailboxEvent("mb-ret", i % 2 ? "active" : "pending", ago(days).toISOString(), {
        custom_fields: { note: `wombat${i}` },
      });
      expect((await inboxKitPOST(signedRequest(body))).status).toBe(200);
    }
    const events = await t.db.prisma.webhookEvent.findMany({ orderBy: { id: "asc" } });
    for (const [i, e] of events.entries()) {
      const receivedAt = ages[i] === 90 ? ago(90, 60_000) : ago(ages[i]);
      await t.db.prisma.webhookEvent.update({ where: { id: e.id }, data: { receivedAt } });
    }
    // Refusals 45, 31, 30 days minus a minute, 8 and 1 day old; the 8- and 1-day ones quarantined.
    const refusalAges = [45, 31, 30, 8, 1];
    for (const days of refusalAges) {
      const receivedAt = days === 30 ? ago(30, 60_000) : ago(days);
      await t.db.prisma.rejectedDelivery.create({
        data: {
          vendor: "inboxkit",
          reason: days >= 8 ? "bad_signature" : "stale_timestamp",
          detail: `${days} days`,
          size: 1,
          bodySha256: "00",
          headers: "{}",
          receivedAt,
          sealed: days <= 8 ? "v1.sealed" : null,
          sealedUntil: days <= 8 ? new Date(receivedAt.getTime() + QUARANTINE_MS) : null,
        },
      });
    }
    for (const days of [40, 29]) {
      await t.db.prisma.refusalCounter.create({
        data: { vendor: "inkbox", reason: "missing_signature", hour: ago(days), count: 5 },
      });
    }

    // Identical storage failures last seen 8 and 6 days ago (kept 7 days after the last one).
    for (const days of [8, 6]) {
      await t.db.prisma.storageFailure.create({
        data: {
          vendor: "inboxkit",
          bodySha256: `body-${days}`,
          error: "23514: check",
          attempts: 2,
          firstAt: ago(days + 1),
          lastAt: ago(days),
        },
      });
    }

    let pauses = 0;
    const result = await retentionRound({
      db: t.db,
      now: NOW,
      payloadDays: 90,
      refusedDays: 30,
      batch: 2,
      pause: async () => {
        pauses += 1;
      },
    });
    expect(result).toMatchObject({
      payloadsDropped: 3,
      refusalsDeleted: 2,
      quarantineExpired: 1,
      countersDeleted: 1,
      storageFailuresDeleted: 1,
    });
    // Payloads: 3 old ones in batches of 2 → 2 batches (2 + 1); the other steps each one or two.
    expect(result.batches).toBe(2 + 1 + 2 + 1 + 1);
    expect(pauses).toBe(2); // a pause after each full batch (payloads 2, refusals 2)

    const after = await t.db.prisma.webhookEvent.findMany({ orderBy: { id: "asc" } });
    expect(after).toHaveLength(7); // every timeline row stays
    expect(after.map((e) => e.payloadDroppedAt !== null)).toEqual([true, true, true, false, false, false, false]);
    expect(after.slice(0, 3).every((e) => e.payload === "")).toBe(true);
    expect(after.slice(3).every((e) => e.payload.includes("wombat"))).toBe(true);
    // The event log still lists them; detail says the payload is gone; search no longer finds it.
    const list = (await (await eventsGET(get("/api/events?entity=mb-ret&limit=50"))).json()) as { rows: EventRow[] };
    expect(list.rows).toHaveLength(7);
    const detail = (await (
      await eventGET(get(`/api/events/${after[0].id}`), { params: Promise.resolve({ id: String(after[0].id) }) })
    ).json()) as EventDetail;
    expect(detail.event.payloadDroppedAt).not.toBeNull();
    expect(detail.payload).toBeNull();
    const search = async (word: string) =>
      ((await (await eventsGET(get(`/api/events?q=${word}`))).json()) as { rows: EventRow[] }).rows.length;
    expect(await search("wombat0")).toBe(0);
    expect(await search("wombat3")).toBe(1);

    const refusals = await t.db.prisma.rejectedDelivery.findMany({ orderBy: { id: "asc" } });
    expect(refusals.map((r) => r.detail)).toEqual(["30 days", "8 days", "1 days"]);
    expect(refusals.map((r) => r.sealed)).toEqual([null, null, "v1.sealed"]);
    const counters = await t.db.prisma.refusalCounter.findMany();
    expect(counters.map((c) => c.hour.getTime())).toEqual([ago(29).getTime()]);
    expect((await t.db.prisma.storageFailure.findMany()).map((f) => f.bodySha256)).toEqual(["body-6"]);

    // A second round finds nothing to do.
    const again = await retentionRound({ db: t.db, now: NOW, payloadDays: 90, refusedDays: 30, batch: 2 });
    expect(again).toMatchObject({
      payloadsDropped: 0,
      refusalsDeleted: 0,
      quarantineExpired: 0,
      countersDeleted: 0,
      storageFailuresDeleted: 0,
    });
  });
});

describe.each(await providers())("mail retention on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    process.env.INKBOX_SIGNING_KEYS = INKBOX_KEY;
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());

  it("deletes Inkbox events, mail rows and rollups past MAIL_ACTIVITY_RETENTION_DAYS, in batches, and nothing newer", async () => {
    // Mail 40, 31, 29 and 1 day(s) old (vendor time and receipt), one mailbox.
    const ages = [40, 31, 29, 1];
    for (const [i, days] of ages.entries()) {
      const at = ago(days);
      const payload = inkboxMessageEvent(
        "message.sent",
        {
          id: `msg_ret_${i}`,
          mailboxEmail: "old@mail.test",
          direction: "outbound",
          from: "old@mail.test",
          to: ["x@acme.com"],
          subject: `s${i}`,
          createdAt: at,
        },
        { at, id: `evt_ret_${i}` },
      );
      const d = signInkbox(payload, { secret: INKBOX_KEY });
      const res = await inkboxPOST(
        new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers: d.headers, body: d.body }),
      );
      expect(res.status).toBe(200);
    }
    const events = await t.db.prisma.webhookEvent.findMany({ orderBy: { id: "asc" } });
    for (const [i, e] of events.entries())
      await t.db.prisma.webhookEvent.update({ where: { id: e.id }, data: { receivedAt: ago(ages[i]) } });
    const activity = await t.db.prisma.mailActivity.findMany({ orderBy: { id: "asc" } });
    for (const [i, a] of activity.entries())
      await t.db.prisma.mailActivity.update({ where: { id: a.id }, data: { receivedAt: ago(ages[i]) } });
    expect(await t.db.prisma.mailRollup.count()).toBe(4);

    const result = await retentionRound({
      db: t.db,
      now: NOW,
      payloadDays: 90,
      refusedDays: 30,
      mailDays: 30,
      batch: 1,
    });
    expect(result).toMatchObject({ payloadsDropped: 0, mailEventsDeleted: 2, mailDeleted: 2, rollupsDeleted: 2 });
    const kept = await t.db.prisma.mailActivity.findMany({ orderBy: { id: "asc" } });
    expect(kept.map((a) => a.subject)).toEqual(["s2", "s3"]);
    const after = await t.db.prisma.webhookEvent.findMany({ orderBy: { id: "asc" } });
    expect(after.map((e) => e.receivedAt.getTime())).toEqual([ago(29).getTime(), ago(1).getTime()]);
    const rollups = await t.db.prisma.mailRollup.findMany({ orderBy: { hour: "asc" } });
    expect(rollups.map((r) => r.lastOccurredAt.getTime())).toEqual([ago(29).getTime(), ago(1).getTime()]);
  });

  it("marks a mailbox's mail health and verdict for recomputing when a short retention deletes rollups of its 7-day window", async () => {
    await t.db.prisma.mailRollup.deleteMany({});
    const kept = {
      mailHealthUntil: new Date("9999-12-31T00:00:00.000Z"),
      mailVerdictUntil: new Date("9999-12-31T00:00:00.000Z"),
    };
    for (const email of ["short@window.test", "old@window.test"])
      await t.db.prisma.mailbox.create({
        data: {
          uid: `mb-${email}`,
          email,
          status: "active",
          lastOccurredAt: NOW,
          orderKey: "0",
          firstSeenAt: NOW,
          updatedAt: NOW,
          mailSeq: 3,
          ...kept,
        },
      });
    const hour = (at: Date) => new Date(Math.floor(at.getTime() / 3600_000) * 3600_000);
    await t.db.prisma.mailRollup.createMany({
      data: [
        // short@: bounces 3 days ago, inside the 7-day window its verdict and sort key count.
        { mailboxEmail: "short@window.test", hour: hour(ago(3)), bounced: 4, lastOccurredAt: ago(3) },
        {
          mailboxEmail: "short@window.test",
          hour: hour(ago(0, -3600_000)),
          delivered: 1,
          lastOccurredAt: ago(0, -3600_000),
        },
        // old@: only mail older than any window is deleted; nothing it shows can change.
        { mailboxEmail: "old@window.test", hour: hour(ago(40)), sent: 1, lastOccurredAt: ago(40) },
        { mailboxEmail: "old@window.test", hour: hour(ago(0, -3600_000)), sent: 1, lastOccurredAt: ago(0, -3600_000) },
      ],
    });
    const result = await retentionRound({ db: t.db, now: NOW, payloadDays: 90, refusedDays: 30, mailDays: 2 });
    expect(result.rollupsDeleted).toBe(2);
    const rows = await t.db.prisma.mailbox.findMany({
      where: { email: { endsWith: "@window.test" } },
      select: { email: true, mailHealthUntil: true, mailVerdictUntil: true, mailSeq: true },
      orderBy: { email: "asc" },
    });
    expect(rows).toEqual([
      { email: "old@window.test", ...kept, mailSeq: 3 },
      { email: "short@window.test", mailHealthUntil: null, mailVerdictUntil: null, mailSeq: 4 },
    ]);
  });

  it("deletes more expired rollups than fit in one statement's parameters (batches of 500, 1,200 rows)", async () => {
    await t.db.prisma.mailRollup.deleteMany({});
    const old = ago(40);
    await t.db.prisma.mailRollup.createMany({
      data: Array.from({ length: 1200 }, (_, i) => ({
        mailboxEmail: `m${i}@many.test`,
        hour: new Date(old.getTime() - (i % 24) * 3600_000),
        sent: 1,
        lastOccurredAt: old,
      })),
    });
    await t.db.prisma.mailRollup.create({
      data: { mailboxEmail: "fresh@many.test", hour: ago(1), lastOccurredAt: ago(1) },
    });
    const result = await retentionRound({ db: t.db, now: NOW, payloadDays: 90, refusedDays: 30, mailDays: 30 });
    expect(result.rollupsDeleted).toBe(1200);
    expect((await t.db.prisma.mailRollup.findMany()).map((r) => r.mailboxEmail)).toEqual(["fresh@many.test"]);
  });
});
