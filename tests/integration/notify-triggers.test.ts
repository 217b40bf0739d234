// Notifications from real conditions: deliveries go through the InboxKit webhook route into a fresh
// database (SQLite and PostgreSQL), the attention queue decides what is open at the injected clock,
// and the scheduler and worker send to real receivers (standardwebhooks-verifying HTTP, Slack-like
// HTTP, SMTP). Covers: a stuck domain alerts once per channel and resolves once; refused deliveries
// alert at the threshold; a customer contact gets a nudge with a working link, a reminder after
// 24 h and nothing after `completed`; a mailbox password canary reaches no alert, email, row or log.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { GET as onboardingGET } from "@/app/api/onboarding/[workspaceId]/route";
import { resetConfig } from "@/lib/config";
import { evaluate } from "@/lib/notify/scheduler";
import { defaultSources } from "@/lib/notify/sources";
import { manualClock } from "@/lib/notify/clock";
import type { NotifySources } from "@/lib/notify/conditions";
import { newOwnerId, RATE_LIMIT_MS, runWorker } from "@/lib/notify/worker";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, consentEvent, domainEvent, mailboxEvent, signedRequest } from "../helpers/inboxkit";
import { LINK_SECRET, SMTP_PASSWORD, startRig, type Rig } from "../helpers/notify";

const HOUR = 3_600_000;
const CANARIES = ["Mb!xyzAB8921", "app-Xy9!pq7M", "totp-SECRET-42"];

async function deliver(body: unknown): Promise<void> {
  const response = await POST(signedRequest(body));
  expect(response.status).toBe(200);
}

const iso = (ms: number) => new Date(ms).toISOString();

describe.each(await providers())("notification triggers on %s", (provider) => {
  let t: TestDatabase;
  let rig: Rig;
  let clock: ReturnType<typeof manualClock>;
  const start = Date.now();

  const evaluateNow = (sources: NotifySources = defaultSources(t.db)) =>
    evaluate({ db: t.db, config: () => rig.config, clock, sources, linkSecret: () => LINK_SECRET });
  const work = () => runWorker({ db: t.db, config: () => rig.config, clock, owner: newOwnerId(), random: () => 0.5 });

  beforeAll(async () => {
    rig = await startRig();
    configureInboxKit();
    process.env.CUSTOMER_LINK_SECRET = LINK_SECRET;
    resetConfig();
  });
  afterAll(async () => {
    await t?.drop();
    await rig.close();
  });
  beforeEach(async () => {
    await t?.drop();
    t = await freshDatabase(provider);
    clock = manualClock(new Date(start));
    for (const r of [rig.webhook.received, rig.webhook.attempts, rig.slack.received, rig.smtp.mails, rig.smtp.raw])
      r.length = 0;
  });

  it("alerts once per channel for a stuck domain, and sends one resolution notice when it moves on", async () => {
    await deliver(domainEvent("dom-stuck", "waiting_for_dns_propagation", iso(start - 72 * HOUR)));
    expect(await evaluateNow()).toMatchObject({ opened: 1, written: 3 });
    expect(await evaluateNow()).toMatchObject({ opened: 0, resolved: 0, written: 0 });
    await work();
    expect(rig.webhook.received).toHaveLength(1);
    expect(rig.slack.received).toHaveLength(1);
    expect(rig.smtp.mails).toHaveLength(1);
    expect(rig.webhook.received[0].verified).toBe(true);
    const alert = (
      rig.webhook.received[0].json as {
        data: { notifications: { title: string; severity: string; link: { url: string } }[] };
      }
    ).data.notifications[0];
    expect(alert).toMatchObject({
      title: "Domain dom-stuck.example.com stuck in waiting for DNS propagation",
      severity: "warning",
      link: { url: "http://dash.test/domains/dom-stuck" },
    });
    expect(rig.smtp.mails[0].text).toContain("waiting for DNS propagation for 3 d (budget 2 d)");

    clock.advance(5 * 60_000);
    await deliver(domainEvent("dom-stuck", "active", iso(start - 60_000)));
    expect(await evaluateNow()).toMatchObject({ opened: 0, resolved: 1, written: 3 });
    expect(await evaluateNow()).toMatchObject({ resolved: 0, written: 0 });
    await work();
    expect(rig.webhook.received.map((r) => (r.json as { type: string }).type)).toEqual([
      "notification.alert",
      "notification.resolved",
    ]);
    expect(rig.slack.received).toHaveLength(2);
    expect(rig.smtp.mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Alert \(warning\): Domain dom-stuck/),
      expect.stringMatching(/^Resolved: Domain dom-stuck/),
    ]);
    clock.advance(RATE_LIMIT_MS);
    expect(await evaluateNow()).toMatchObject({ written: 0 });
    expect(await work()).toMatchObject({ messages: 0 });
  });

  it("alerts for a failure that was over before the scheduler looked: its trigger is written with the delivery", async () => {
    await deliver(mailboxEvent("mbx-flap", "failed", iso(start - 10 * 60_000)));
    await deliver(mailboxEvent("mbx-flap", "active", iso(start - 5 * 60_000)));
    // A retry of the failure (a duplicate) and a late copy change nothing more.
    await deliver(mailboxEvent("mbx-flap", "failed", iso(start - 10 * 60_000)));
    expect(await evaluateNow()).toMatchObject({ opened: 1, resolved: 1, written: 6 });
    expect(await evaluateNow()).toMatchObject({ opened: 0, resolved: 0, written: 0 });
    await work();
    const sent = rig.webhook.received.flatMap(
      (r) => (r.json as { data: { notifications: { kind: string; title: string }[] } }).data.notifications,
    );
    expect(sent.map((n) => [n.kind, n.title])).toEqual([
      ["alert", "Mailbox jane.mbx-flap@example.com: failed"],
      ["resolved", "Mailbox jane.mbx-flap@example.com: failed"],
    ]);
    // Written together, so each channel sends them as one digest.
    expect(rig.smtp.mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Digest: 2 notifications/)]);
    expect(rig.smtp.mails[0].text).toContain("now active");
    expect(await t.db.prisma.notificationTrigger.count()).toBe(0);
  });

  it("does not alert twice for a failure the scheduler saw while it lasted", async () => {
    await deliver(domainEvent("dom-pay", "payment_failed", iso(start - 60_000)));
    expect(await evaluateNow()).toMatchObject({ opened: 1, resolved: 0, written: 3 });
    await deliver(domainEvent("dom-pay", "active", iso(start)));
    expect(await evaluateNow()).toMatchObject({ opened: 0, resolved: 1, written: 3 });
    expect(await evaluateNow()).toMatchObject({ written: 0 });
  });

  // Two app instances: a delivery to either one commits while the lease holder's round is under way.
  // When it committed after the round read the queue but before it read the triggers, the round took
  // the failure for one already over (alert + resolution) and the next round, finding it open in the
  // queue, alerted a second episode: three messages per channel instead of one (scale-out.test.ts saw
  // 52 alert ids for 50 failures).
  it.each(["before", "after"] as const)(
    "alerts once per channel for a failure delivered while a round reads the queue (%s the read)",
    async (when) => {
      const queue = defaultSources(t.db);
      let failure: (() => Promise<void>) | null = () =>
        deliver(mailboxEvent("mbx-mid-round", "failed", iso(start - 60_000)));
      const deliverOnce = async () => {
        const d = failure;
        failure = null;
        await d?.();
      };
      const racing: NotifySources = {
        ...queue,
        items: async (now) => {
          if (when === "before") await deliverOnce();
          const items = await queue.items(now);
          if (when === "after") await deliverOnce();
          return items;
        },
      };
      await evaluateNow(racing);
      await evaluateNow(racing);
      expect(await evaluateNow()).toMatchObject({ written: 0 });
      await work();
      clock.advance(RATE_LIMIT_MS);
      await work();
      const sent = rig.webhook.received.flatMap(
        (r) => (r.json as { data: { notifications: { kind: string; title: string }[] } }).data.notifications,
      );
      expect(sent.map((n) => [n.kind, n.title])).toEqual([["alert", "Mailbox jane.mbx-mid-round@example.com: failed"]]);
      expect(rig.slack.received).toHaveLength(1);
      expect(rig.smtp.mails).toHaveLength(1);
      expect(await t.db.prisma.notificationCondition.findMany({ select: { episode: true, resolvedAt: true } })).toEqual(
        [{ episode: 1, resolvedAt: null }],
      );
      expect(await t.db.prisma.notificationTrigger.count()).toBe(0);
    },
  );

  it("alerts for refused deliveries only once 3 arrive within 5 minutes for one vendor and reason", async () => {
    const refuse = async () => {
      const response = await POST(
        signedRequest(domainEvent("dom-x", "active", iso(start)), {
          headers: { "x-inboxkit-signature": `sha256=${"0".repeat(64)}` },
        }),
      );
      expect(response.status).toBe(401);
    };
    await refuse();
    await refuse();
    clock.set(new Date()); // refusals are stamped with the real receipt time
    expect(await evaluateNow()).toMatchObject({ opened: 0, written: 0 });
    await refuse();
    clock.set(new Date());
    expect(await evaluateNow()).toMatchObject({ opened: 1, written: 3 });
    await work();
    expect(rig.slack.received).toHaveLength(1);
    expect((rig.slack.received[0].json as { text: string }).text).toContain("refused (bad signature)");
    // An hour without refusals: the queue drops it, and the resolution follows.
    clock.advance(61 * 60_000);
    expect(await evaluateNow()).toMatchObject({ resolved: 1 });
  });

  it("nudges the customer contact with a working link, reminds after 24 h, and stops once completed", async () => {
    await t.db.prisma.workspaceSettings.create({
      data: {
        workspaceId: "ws-1",
        contactName: "Ada",
        contactEmail: "ada@customer.example",
        nudges: true,
        updatedAt: new Date(start),
      },
    });
    await deliver(mailboxEvent("mb-1", "active", iso(start - 10 * 60_000)));
    await deliver(consentEvent("cr-1", "pending", iso(start - 60_000)));
    expect(await evaluateNow()).toMatchObject({ nudges: 1 });
    expect(await evaluateNow()).toMatchObject({ nudges: 0, reminders: 0, written: 0 });
    await work();
    const toCustomer = () => rig.smtp.mails.filter((m) => (m.to as { text: string }).text === "ada@customer.example");
    expect(toCustomer()).toHaveLength(1);
    const nudge = toCustomer()[0];
    expect(nudge.subject).toBe("Grant Google access for jane.mb-1@example.com");
    expect(nudge.text).toContain("Hello Ada,");
    expect(nudge.text).not.toMatch(/cr-1|consent_request|pending/);
    const link = /(http:\/\/dash\.test\/onboarding\/ws-1\?token=[^\s]+)/.exec(nudge.text ?? "")![1];
    const token = new URL(link).searchParams.get("token");
    const page = await onboardingGET(
      new Request(`http://localhost/api/onboarding/ws-1?token=${encodeURIComponent(token!)}`),
      { params: Promise.resolve({ workspaceId: "ws-1" }) },
    );
    expect(page.status).toBe(200);
    expect(((await page.json()) as { banners: { state: string }[] }).banners.map((b) => b.state)).toEqual([
      "grant_access",
    ]);

    clock.advance(23 * HOUR);
    expect(await evaluateNow()).toMatchObject({ reminders: 0 });
    clock.advance(1 * HOUR + 1000);
    expect(await evaluateNow()).toMatchObject({ reminders: 1 });
    expect(await evaluateNow()).toMatchObject({ reminders: 0, written: 0 });
    await work();
    expect(toCustomer().map((m) => m.subject)).toEqual([
      "Grant Google access for jane.mb-1@example.com",
      "Reminder: Grant Google access for jane.mb-1@example.com",
    ]);

    await deliver(consentEvent("cr-1", "completed", iso(start)));
    clock.advance(48 * HOUR);
    expect(await evaluateNow()).toMatchObject({ nudges: 0, reminders: 0 });
    clock.advance(RATE_LIMIT_MS);
    await work();
    expect(toCustomer()).toHaveLength(2);
    const rows = await t.db.prisma.notification.findMany({
      where: { recipient: "ada@customer.example" },
      select: { kind: true, status: true },
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        { kind: "nudge", status: "sent" },
        { kind: "reminder", status: "sent" },
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it("sends no nudge when the workspace turned nudges off", async () => {
    await t.db.prisma.workspaceSettings.create({
      data: { workspaceId: "ws-1", contactEmail: "ada@customer.example", nudges: false, updatedAt: new Date(start) },
    });
    await deliver(consentEvent("cr-2", "pending", iso(start - 60_000)));
    expect(await evaluateNow()).toMatchObject({ nudges: 0 });
    expect(await t.db.prisma.notification.count({ where: { recipient: "ada@customer.example" } })).toBe(0);
  });

  it("keeps a mailbox password canary out of every alert, email, stored row and log line", async () => {
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    const lines: string[] = [];
    const spies = (["log", "warn", "error"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" "))),
    );
    try {
      await deliver(mailboxEvent("mb-canary", "failed", iso(start - 60_000)));
      await evaluateNow();
      rig.webhook.failNext(1); // one failed attempt, so the error path logs too
      await work();
      clock.advance(RATE_LIMIT_MS);
      await work();
      expect(rig.webhook.received).toHaveLength(1);
      expect(rig.slack.received).toHaveLength(1);
      expect(rig.smtp.mails).toHaveLength(1);
    } finally {
      spies.forEach((s) => s.mockRestore());
      process.env.LOG_LEVEL = previous;
    }
    const rows = JSON.stringify(await t.db.prisma.notification.findMany());
    const everything = [
      ...rig.webhook.attempts.map((r) => r.body + JSON.stringify(r.headers)),
      ...rig.slack.received.map((r) => r.body),
      ...rig.smtp.raw,
      rows,
      lines.join("\n"),
    ].join("\n");
    expect(everything).toContain("jane.mb-canary@example.com"); // the alert is there…
    for (const secret of [
      ...CANARIES,
      SMTP_PASSWORD,
      rig.secret,
      rig.secret.slice("whsec_".length),
      "slacktokensecretvalue",
    ]) {
      expect(everything).not.toContain(secret); // …and no secret with it
    }
  });
});
