// The attention queue against real databases (SQLite and PostgreSQL), through the ingest route and
// the JSON API: status_since kept by the ingest transaction (late and duplicate deliveries never
// reset it), the queue complete at 500 open items (total = 500, pages add up), acknowledge and
// snooze with their expiry, the audit log, and the API's errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { GET as attentionGET } from "@/app/api/attention/route";
import { POST as acknowledgePOST } from "@/app/api/attention/[id]/acknowledge/route";
import { POST as snoozePOST } from "@/app/api/attention/[id]/snooze/route";
import { resetConfig } from "@/lib/config";
import { attentionItems, attentionPage, openAttentionItems } from "@/lib/queries/attention";
import { acknowledgeItem, snoozeItem } from "@/lib/attention/actions";
import { attentionQuery } from "@/lib/attention/page";
import { MAILBOX_PROVISIONING } from "@/lib/attention/budgets";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { operatorSessionCookie, TEST_OPERATOR_EMAIL } from "../helpers/operator";
import {
  clientIdEvent,
  configureInboxKit,
  consentEvent,
  domainEvent,
  mailboxEvent,
  deliverAccepted,
} from "../helpers/inboxkit";

const TOKEN = "attention-api-token-0123456789abcdef";
const BASE = "http://localhost";
const TOKEN_OPERATOR = { via: "token" } as const;

function call(
  path: string,
  init: { method?: string; body?: unknown; auth?: "bearer" | "session" | "none"; origin?: string } = {},
): Request {
  const headers: Record<string, string> = {};
  if ((init.auth ?? "bearer") === "bearer") headers.authorization = `Bearer ${TOKEN}`;
  if (init.auth === "session") headers.cookie = sessionCookie;
  if (init.origin) headers.origin = init.origin;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

const deliver = deliverAccepted;

const at = (iso: string) => new Date(iso);
const T = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3600_000).toISOString();

/** The Cookie header of a signed-in operator in the current database (set per provider). */
let sessionCookie = "";

describe.each(await providers())("attention queue on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      SESSION_SECRET: "attention-session-secret-0123456789",
      DASHBOARD_PASSWORD: "attention password",
      DASHBOARD_API_TOKEN: TOKEN,
    });
    resetConfig();
    t = await freshDatabase(provider);
    sessionCookie = await operatorSessionCookie(t.db.prisma);
  });
  afterAll(async () => t.drop());

  const sinceOf = async (uid: string) =>
    (await t.db.prisma.domain.findUniqueOrThrow({ where: { uid } })).statusSince?.toISOString();

  describe("status_since from vendor time", () => {
    it("is the vendor time of the event that entered the status; a later event with the same status keeps it", async () => {
      await deliver(domainEvent("d-keep", "registration_in_progress", T(0)));
      await deliver(domainEvent("d-keep", "waiting_for_dns_propagation", T(1)));
      await deliver(domainEvent("d-keep", "waiting_for_dns_propagation", T(5)));
      expect(await sinceOf("d-keep")).toBe(T(1));
    });

    it("a late older event of another status (stale) does not reset it", async () => {
      await deliver(domainEvent("d-late", "waiting_for_dns_propagation", T(10)));
      await deliver(domainEvent("d-late", "registration_in_progress", T(2)));
      const row = await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-late" } });
      expect(row.status).toBe("waiting_for_dns_propagation");
      expect(row.statusSince?.toISOString()).toBe(T(10));
    });

    it("a late earlier event of the same status moves it back to when the status really began", async () => {
      await deliver(domainEvent("d-back", "registration_in_progress", T(0)));
      await deliver(domainEvent("d-back", "waiting_for_dns_propagation", T(6)));
      await deliver(domainEvent("d-back", "waiting_for_dns_propagation", T(3)));
      expect(await sinceOf("d-back")).toBe(T(3));
    });

    it("a duplicate changes nothing", async () => {
      const body = domainEvent("d-dup", "dns_setup_pending", T(4));
      await deliver(body);
      await deliver(body);
      expect(await sinceOf("d-dup")).toBe(T(4));
    });

    it("property: after any order of deliveries, with duplicates, status_since and provisioning_since follow the events' vendor times", async () => {
      const STATUSES = ["pending", "processing", "configuring_dns", "active", "suspended"] as const;
      const provisioning = new Set<string>(MAILBOX_PROVISIONING);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc
            .array(fc.record({ status: fc.constantFrom(...STATUSES), hour: fc.integer({ min: 0, max: 12 }) }), {
              minLength: 1,
              maxLength: 7,
            })
            .chain((events) =>
              fc.tuple(
                fc.constant(events),
                fc.shuffledSubarray([...events.keys(), ...events.keys()], { minLength: events.length * 2 }),
              ),
            ),
          async ([events, order]) => {
            const uid = `mb-prop-${run++}`;
            // Distinct events only (a repeated status at the same hour is the same event twice).
            const distinct = [...new Map(events.map((e) => [`${e.status}@${e.hour}`, e])).values()];
            for (const i of order) await deliver(mailboxEvent(uid, events[i].status, T(events[i].hour)));
            const rank = (e: { status: string; hour: number }) => [
              e.hour,
              ["pending", "processing", "configuring_dns", "active", "suspended"].indexOf(e.status),
            ];
            const current = distinct.reduce((a, b) => {
              const [x, y] = [rank(a), rank(b)];
              return y[0] > x[0] || (y[0] === x[0] && y[1] > x[1]) ? b : a;
            });
            const runStart = (inRun: (s: string) => boolean) => {
              const last = Math.max(
                -1,
                ...distinct.filter((e) => !inRun(e.status) && e.hour <= current.hour).map((e) => e.hour),
              );
              return Math.min(...distinct.filter((e) => inRun(e.status) && e.hour >= last).map((e) => e.hour));
            };
            const row = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid } });
            expect(row.status).toBe(current.status);
            expect(row.statusSince?.toISOString()).toBe(T(runStart((s) => s === current.status)));
            expect(row.provisioningSince?.toISOString() ?? null).toBe(
              provisioning.has(current.status) ? T(runStart((s) => provisioning.has(s))) : null,
            );
          },
        ),
        { numRuns: 12 },
      );
    });
  });

  describe("rules through the database (the indexed prefilter and the evaluation agree)", () => {
    const NOW = at("2026-04-20T12:00:00.000Z");
    const before = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
    const mine = async (prefix: string, now = NOW) =>
      (await openAttentionItems(now)).filter((i) => i.uid?.startsWith(prefix));
    const withSubject = <T extends { data: { metadata: Record<string, unknown> } }>(body: T, mailboxId: string) => {
      body.data.metadata.mailbox_id = mailboxId;
      return body;
    };

    it("each budget boundary, one second under and one over: domain waiting_for_dns_propagation 48 h, consent processing 1 h, mailbox step 6 h", async () => {
      const cases = [
        { make: domainEvent, status: "waiting_for_dns_propagation", budget: 48 * 3600 },
        { make: consentEvent, status: "processing", budget: 3600 },
        { make: mailboxEvent, status: "configuring_dkim", budget: 6 * 3600 },
      ];
      for (const [n, c] of cases.entries()) {
        const ages = {
          under: c.budget - 1,
          at: c.budget,
          over: c.budget + 1,
          twice: 2 * c.budget,
          past: 2 * c.budget + 1,
        };
        for (const [name, age] of Object.entries(ages)) {
          const body = c.make(`bd${n}-${name}`, c.status, before(age));
          await deliver(c.make === consentEvent ? withSubject(body, `mb-bd${n}-${name}`) : body);
        }
        const items = await mine(`bd${n}-`);
        expect(
          Object.fromEntries(items.map((i) => [i.uid, [i.kind, i.severity, i.ageSeconds, i.budgetSeconds]])),
          c.status,
        ).toEqual({
          [`bd${n}-over`]: ["stuck", "warning", c.budget + 1, c.budget],
          [`bd${n}-twice`]: ["stuck", "warning", 2 * c.budget, c.budget],
          [`bd${n}-past`]: ["stuck", "critical", 2 * c.budget + 1, c.budget],
        });
      }
    });

    it("a pending request is customer action from its first second, critical one second past twice its budget", async () => {
      await deliver(withSubject(consentEvent("pd-now", "pending", before(0)), "mb-pd-now"));
      await deliver(withSubject(consentEvent("pd-2d", "pending", before(2 * 86400)), "mb-pd-2d"));
      await deliver(withSubject(consentEvent("pd-past", "pending", before(2 * 86400 + 1)), "mb-pd-past"));
      expect((await mine("pd-")).map((i) => [i.uid, i.kind, i.severity])).toEqual([
        ["pd-past", "customer_action", "critical"],
        ["pd-2d", "customer_action", "warning"],
        ["pd-now", "customer_action", "warning"],
      ]);
    });

    it("failure states are critical at once (age 0), whatever their budget", async () => {
      await deliver(domainEvent("fs-pay", "payment_failed", before(0)));
      await deliver(
        domainEvent("fs-dns", "waiting_for_dns_propagation", before(0), { dns_propagation_status: "failed" }),
      );
      await deliver(mailboxEvent("fs-susp", "suspended", before(0)));
      await deliver(mailboxEvent("fs-renew", "renewal_failed", before(0)));
      await deliver(withSubject(consentEvent("fs-consent", "errored", before(0)), "mb-fs-consent"));
      await deliver(clientIdEvent("fs-client", "failed", before(0), { domain_name: "fs-client.example" }));
      const items = await mine("fs-");
      expect(items).toHaveLength(6);
      for (const item of items) {
        expect(item, item.uid ?? "").toMatchObject({ kind: "failed", severity: "critical", ageSeconds: 0 });
      }
      expect(items.find((i) => i.uid === "fs-dns")?.status).toBe("dns_propagation_failed");
    });

    it("a late older event, a retry and a later event of the same status leave the age counting from when the status began", async () => {
      await deliver(domainEvent("late-1", "waiting_for_dns_propagation", before(5 * 86400)));
      const first = (await mine("late-"))[0];
      expect(first).toMatchObject({ severity: "critical", ageSeconds: 5 * 86400 });
      await deliver(domainEvent("late-1", "registration_in_progress", before(6 * 86400))); // arrives late: stale
      await deliver(domainEvent("late-1", "waiting_for_dns_propagation", before(5 * 86400))); // retried
      await deliver(domainEvent("late-1", "waiting_for_dns_propagation", before(60))); // the vendor repeats it today
      const [after] = await mine("late-");
      expect(after).toMatchObject({
        id: first.id,
        status: "waiting_for_dns_propagation",
        ageSeconds: 5 * 86400,
        since: before(5 * 86400),
      });
    });

    it("a vendor time in the future counts as now, and ages from there as the clock moves", async () => {
      await deliver(withSubject(consentEvent("fut-1", "pending", before(-7 * 86400)), "mb-fut-1"));
      expect(await mine("fut-")).toMatchObject([{ ageSeconds: 0, since: NOW.toISOString(), severity: "warning" }]);
      await deliver(domainEvent("fut-d", "waiting_for_dns_propagation", before(-86400)));
      expect((await mine("fut-d")).length).toBe(0);
    });

    afterAll(async () => {
      // Leave the queue as the next block expects it: nothing of this block's.
      const prefixes = ["bd", "pd-", "fs-", "late-", "fut-"];
      const where = { OR: prefixes.map((p) => ({ uid: { startsWith: p } })) };
      await t.db.prisma.domain.deleteMany({ where });
      await t.db.prisma.mailbox.deleteMany({ where });
      await t.db.prisma.consentRequest.deleteMany({ where });
      await t.db.prisma.clientIdRequest.deleteMany({ where });
    });
  });

  describe("the queue", () => {
    const NOW = at("2026-03-10T12:00:00.000Z");
    const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86400_000).toISOString();

    it("a domain waiting for DNS since 5 days is critical and first; 3 days a warning; a fresh one is absent; a future vendor time counts from now", async () => {
      await deliver(domainEvent("q-5d", "waiting_for_dns_propagation", daysAgo(5), { name: "five-days.test" }));
      await deliver(domainEvent("q-3d", "waiting_for_dns_propagation", daysAgo(3), { name: "three-days.test" }));
      await deliver(
        domainEvent("q-fresh", "waiting_for_dns_propagation", new Date(NOW.getTime() - 60_000).toISOString(), {
          name: "fresh.test",
        }),
      );
      await deliver(consentEvent("q-future", "pending", new Date(NOW.getTime() + 86400_000).toISOString()));
      const items = await openAttentionItems(NOW);
      const mine = items.filter((i) => ["q-5d", "q-3d", "q-fresh", "q-future"].includes(i.uid ?? ""));
      expect(mine.map((i) => [i.uid, i.severity, i.kind])).toEqual([
        ["q-5d", "critical", "stuck"],
        ["q-3d", "warning", "stuck"],
        ["q-future", "warning", "customer_action"],
      ]);
      expect(mine[0]).toMatchObject({
        label: "five-days.test",
        entityType: "domain",
        workspaceId: "ws-1",
        status: "waiting_for_dns_propagation",
        since: daysAgo(5),
        ageSeconds: 5 * 86400,
        budgetSeconds: 48 * 3600,
        acknowledged: null,
        snoozedUntil: null,
      });
      expect(mine[2]).toMatchObject({ since: NOW.toISOString(), ageSeconds: 0 });
    });

    it("acknowledge: leaves the queue, is flagged with who and the note, and is in the audit log; a new status brings a new item", async () => {
      const [item] = (await openAttentionItems(NOW)).filter((i) => i.uid === "q-5d");
      const result = await acknowledgeItem(item.id, "Registrar says tomorrow", TOKEN_OPERATOR, NOW);
      expect(result).toMatchObject({
        ok: true,
        item: { id: item.id, acknowledged: { by: "api token", note: "Registrar says tomorrow" } },
      });
      expect((await openAttentionItems(NOW)).some((i) => i.id === item.id)).toBe(false);
      const flagged = (await attentionItems(new Date(NOW.getTime() + 86400_000))).find((i) => i.id === item.id);
      expect(flagged?.acknowledged).toEqual({
        by: "api token",
        at: NOW.toISOString(),
        note: "Registrar says tomorrow",
      });
      const log = await t.db.prisma.auditLog.findMany({ where: { action: "attention.acknowledge", targetId: "q-5d" } });
      expect(log).toMatchObject([
        { actor: "api token", workspaceId: "ws-1", summary: expect.stringContaining("Registrar says tomorrow") },
      ]);
      // The domain goes back to DNS setup and stalls there: a new condition, open again.
      await deliver(domainEvent("q-5d", "dns_setup_pending", daysAgo(1), { name: "five-days.test" }));
      const again = (await openAttentionItems(NOW)).find((i) => i.uid === "q-5d");
      expect(again).toMatchObject({ status: "dns_setup_pending", severity: "critical", acknowledged: null });
      expect(again?.id).not.toBe(item.id);
    });

    it("snooze: gone until the time given, back by itself at that time", async () => {
      const [item] = (await openAttentionItems(NOW)).filter((i) => i.uid === "q-3d");
      const until = new Date(NOW.getTime() + 3600_000);
      expect((await snoozeItem(item.id, until, TOKEN_OPERATOR, NOW)).ok).toBe(true);
      expect((await openAttentionItems(new Date(until.getTime() - 1000))).some((i) => i.id === item.id)).toBe(false);
      expect((await openAttentionItems(until)).some((i) => i.id === item.id)).toBe(true);
      expect(await snoozeItem(item.id, new Date(NOW.getTime() - 1), TOKEN_OPERATOR, NOW)).toMatchObject({
        ok: false,
        status: 400,
      });
      expect(await acknowledgeItem("stuck_unknownunknownunknow", "", TOKEN_OPERATOR, NOW)).toMatchObject({
        ok: false,
        status: 404,
      });
    });

    it("500 open items: total = 500 through the API, and pages of 200 add up to all of them once", async () => {
      await t.db.prisma.consentRequest.deleteMany({});
      await t.db.prisma.domain.deleteMany({});
      const since = new Date(Date.now() - 3600_000);
      await t.db.prisma.consentRequest.createMany({
        data: Array.from({ length: 500 }, (_, i) => ({
          uid: `bulk-${String(i).padStart(3, "0")}`,
          status: "pending",
          workspaceId: `ws-bulk-${i % 40}`,
          mailboxId: `mb-bulk-${i}`,
          statusSince: new Date(since.getTime() - i * 60_000),
          lastOccurredAt: since,
          orderKey: "0",
          firstSeenAt: since,
          updatedAt: since,
        })),
      });
      await t.db.prisma.mailbox.deleteMany({});
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await attentionGET(call(`/api/attention?limit=200${cursor ? `&cursor=${cursor}` : ""}`));
        expect(response.status).toBe(200);
        const body = await response.json();
        expect(body.total).toBe(500);
        expect(body.counts).toEqual({
          kind: { stuck: 0, failed: 0, customer_action: 500, refused_deliveries: 0, mail: 0 },
          severity: { critical: 0, warning: 500 },
        });
        seen.push(...body.items.map((i: { uid: string }) => i.uid));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(500);
      // Oldest first within a severity.
      expect(seen.slice(0, 3)).toEqual(["bulk-499", "bulk-498", "bulk-497"]);
      const one = await (await attentionGET(call("/api/attention?workspace=ws-bulk-7&kind=customer_action"))).json();
      expect(one.total).toBe(13); // i % 40 === 7 for i < 500: 7, 47, …, 487
      expect(one.items.every((i: { workspaceId: string }) => i.workspaceId === "ws-bulk-7")).toBe(true);
    });

    it("the API refuses what it cannot honour: 401 without auth, 400 for limit > 200, an unknown parameter or a bad cursor", async () => {
      expect((await attentionGET(call("/api/attention", { auth: "none" }))).status).toBe(401);
      for (const query of ["limit=201", "limit=0", "sort=age", "kind=bogus", "cursor=abc"]) {
        const response = await attentionGET(call(`/api/attention?${query}`));
        expect(response.status, query).toBe(400);
        expect((await response.json()).error.code).toBe("invalid_query");
      }
    });

    it("acknowledge and snooze over HTTP: JSON bodies checked, sessions must come from this site", async () => {
      const page = await attentionPage(attentionQuery.parse({ limit: 1 }));
      const id = page.items[0].id;
      const cross = await acknowledgePOST(
        call(`/api/attention/${id}/acknowledge`, {
          method: "POST",
          auth: "session",
          origin: "https://evil.test",
          body: { note: "x" },
        }),
        idParams(id),
      );
      expect(cross.status).toBe(403);
      const bad = await snoozePOST(
        call(`/api/attention/${id}/snooze`, { method: "POST", body: { until: "tomorrow" } }),
        idParams(id),
      );
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.message).toMatch(/^until:/);
      const extra = await acknowledgePOST(
        call(`/api/attention/${id}/acknowledge`, { method: "POST", body: { note: "ok", by: "me" } }),
        idParams(id),
      );
      expect(extra.status).toBe(400);
      const ok = await acknowledgePOST(
        call(`/api/attention/${id}/acknowledge`, {
          method: "POST",
          auth: "session",
          origin: BASE,
          body: { note: "on it" },
        }),
        idParams(id),
      );
      expect(ok.status).toBe(200);
      expect((await ok.json()).item.acknowledged).toMatchObject({ by: TEST_OPERATOR_EMAIL, note: "on it" });
      const after = await (await attentionGET(call("/api/attention?limit=200"))).json();
      expect(after.total).toBe(499);
      const handled = await (await attentionGET(call("/api/attention?limit=200&include=handled"))).json();
      expect(handled.total).toBe(500);
      const until = new Date(Date.now() + 86400_000).toISOString();
      const snoozed = await snoozePOST(
        call(`/api/attention/${after.items[0].id}/snooze`, { method: "POST", body: { until } }),
        idParams(after.items[0].id),
      );
      expect(snoozed.status).toBe(200);
      expect((await (await attentionGET(call("/api/attention"))).json()).total).toBe(498);
    });
  });
});
