// Two real instances (built `next start`) on one PostgreSQL database, as a team that outgrew SQLite
// runs them: 32 deliveries for ONE mailbox racing across both give no lost update, the newest state
// and 32 event rows; a browser's SSE stream on instance B hears a delivery posted to instance A;
// 50 mailbox failures posted across both give each alert exactly once on every channel (real
// receivers: Standard Webhooks verified, Slack-like, SMTP).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIFECYCLE } from "@/lib/ordering";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { mailboxEvent, signedRequest } from "../helpers/inboxkit";
import { postgresForScaleOut } from "../helpers/postgres-gate";
import { ensureBuilt, openStream, startServers, waitForListeners, type AppServer } from "../helpers/server";
import { itemIdsReceived, startRig, type Rig } from "../helpers/notify";

const PORTS = [3104, 3105] as const;
const BUILD_TIMEOUT_MS = 240_000;

/** Posts a signed delivery to an instance, as InboxKit does. */
async function deliver(server: AppServer, body: unknown): Promise<number> {
  const request = signedRequest(body, { url: `${server.baseUrl}/api/webhooks/inboxkit` });
  const response = await fetch(request);
  await response.arrayBuffer();
  return response.status;
}

/** Shuffles in place (Fisher–Yates) with a seeded generator, so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!(await postgresForScaleOut("scale-out: two instances on PostgreSQL")))(
  "scale-out: two instances on PostgreSQL",
  () => {
    let t: TestDatabase;
    let servers: AppServer[] = [];
    let rig: Rig;

    beforeAll(async () => {
      ensureBuilt();
      rig = await startRig();
      t = await freshDatabase("postgresql");
      servers = await startServers(PORTS.map((port) => ({ port, databaseUrl: t.url, env: rig.env })));
    }, BUILD_TIMEOUT_MS);

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await t?.drop();
      await rig?.close();
    });

    it("32 deliveries for one mailbox racing across both instances: no lost update, newest state, 32 events", async () => {
      const uid = "mb-race";
      // Non-terminal statuses at 32 distinct times: the newest by vendor time must win.
      const statuses = LIFECYCLE.mailbox.filter((s) => s !== "deleted");
      const base = Date.parse("2024-05-01T10:00:00.000Z");
      const events = Array.from({ length: 32 }, (_, i) => ({
        status: statuses[(i * 7) % statuses.length],
        at: new Date(base + i * 1000).toISOString(),
      }));
      const newest = events[events.length - 1];
      const order = shuffle([...events], 20241124);

      const results = await Promise.all(
        order.map((e, i) => deliver(servers[i % 2], mailboxEvent(uid, e.status, e.at))),
      );
      expect(results).toEqual(order.map(() => 200));

      const rows = await t.db.prisma.webhookEvent.findMany({ where: { entityUid: uid } });
      expect(rows).toHaveLength(32);
      expect(rows.every((r) => r.duplicateCount === 1)).toBe(true);
      expect(rows.filter((r) => r.outcome === "applied").map((r) => r.occurredAt.toISOString())).toContain(newest.at);
      const mailbox = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid } });
      expect({ status: mailbox.status, at: mailbox.lastOccurredAt.toISOString() }).toEqual({
        status: newest.status,
        at: newest.at,
      });
    });

    it("an SSE client on instance B hears a delivery posted to instance A", async () => {
      const [a, b] = servers;
      const abort = new AbortController();
      try {
        const stream = await openStream(b, abort.signal);
        expect(stream.status, "GET /api/stream with the API token").toBe(200);
        await until(() => stream.events.some((e) => e.event === "ready"), 5000, "the stream's ready event");
        // B's listener starts with its first subscriber (this stream); A never needed one.
        await waitForListeners(t.url, 1);
        expect(await deliver(a, mailboxEvent("mb-live", "active", "2024-05-02T10:00:00.000Z"))).toBe(200);
        await until(
          () => stream.events.some((e) => e.event === "change" && e.data.includes('"mb-live"')),
          5000,
          "the change notice on instance B",
        );
        // One summary per window (lib/live/protocol.ts StreamSummary): this delivery is its last notice.
        const summary = JSON.parse(stream.events.find((e) => e.data.includes('"mb-live"'))!.data);
        expect(summary.count).toBeGreaterThanOrEqual(1);
        expect(summary.last).toMatchObject({
          kind: "event",
          vendor: "inboxkit",
          entityType: "mailbox",
          entityUid: "mb-live",
        });
      } finally {
        abort.abort();
      }
    });

    it("50 mailbox failures posted across both instances: each alert received exactly once per channel", async () => {
      const at = new Date(Date.now() - 60_000).toISOString();
      const uids = Array.from({ length: 50 }, (_, i) => `mb-fail-${i}`);
      const results = await Promise.all(uids.map((uid, i) => deliver(servers[i % 2], mailboxEvent(uid, "failed", at))));
      expect(results).toEqual(uids.map(() => 200));
      const mine = (ids: string[]) => ids.filter((id) => id.startsWith("failed_"));
      const slack = () => rig.slack.received.map((r) => JSON.stringify(r.json)).join("\n");
      const mail = () => rig.smtp.mails.map((m) => m.text ?? "").join("\n");
      // One message a minute per channel: the first carries what was evaluated first, a digest the rest.
      await until(
        () =>
          mine(itemIdsReceived(rig.webhook)).length >= 50 &&
          uids.every((uid) => slack().includes(`/mailboxes/${uid}|`) && mail().includes(`/mailboxes/${uid}\n`)),
        150_000,
        "50 alerts on every channel",
      );
      // Both instances keep evaluating (on change notices and every 30 s): nothing more may arrive.
      await new Promise((r) => setTimeout(r, 5_000));
      const ids = mine(itemIdsReceived(rig.webhook));
      expect(ids).toHaveLength(50);
      expect(new Set(ids).size).toBe(50);
      expect(rig.webhook.received.every((r) => r.verified)).toBe(true);
      for (const uid of uids) {
        expect(slack().split(`/mailboxes/${uid}|`).length - 1, `${uid} on Slack`).toBe(1);
        expect(mail().split(`/mailboxes/${uid}\n`).length - 1, `${uid} by email`).toBe(1);
      }
    }, 200_000);
  },
);
