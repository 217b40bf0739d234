// The lists' time in status and "needs attention" filter on real databases (SQLite and PostgreSQL),
// with an injected clock, from real deliveries: sorted by age in the current status, counted as the
// attention queue counts it (from the vendor time of the event that entered the status, a later
// repeat or a late older event changing nothing, a future vendor time capped at now), and filtered
// to the entities with an open attention item (an acknowledged one is out). The JSON APIs take the
// new sort and filter, and refuse an unknown parameter or a bad value with 400 naming it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as domainsGET } from "@/app/api/domains/route";
import { GET as domainsExportGET } from "@/app/api/domains/export/route";
import { GET as mailboxesGET } from "@/app/api/mailboxes/route";
import { GET as requestsGET } from "@/app/api/requests/route";
import { resetConfig } from "@/lib/config";
import { acknowledgeItem } from "@/lib/attention/actions";
import { openAttentionItems } from "@/lib/queries/attention";
import { domainListQuery, listDomains } from "@/lib/queries/domains";
import { listMailboxes, mailboxListQuery } from "@/lib/queries/mailboxes";
import { listRequests, requestListQuery } from "@/lib/queries/requests";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import {
  clientIdEvent,
  configureInboxKit,
  consentEvent,
  domainEvent,
  mailboxEvent,
  deliverAccepted,
} from "../helpers/inboxkit";

const TOKEN = "list-attention-api-token-0123456789abcdef";
const NOW = new Date("2026-06-01T12:00:00.000Z");
const H = 3600;
const D = 86400;
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const WS = "ws-lists";

type Body = { data: { metadata: Record<string, unknown> } };
function inWorkspace<T extends Body>(body: T, workspace = WS, metadata: Record<string, unknown> = {}): T {
  Object.assign(body.data.metadata, { workspace_id: workspace, ...metadata });
  return body;
}

const deliver = deliverAccepted;

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
const uids = (page: { rows: { uid: string }[] }) => page.rows.map((r) => r.uid);

describe.each(await providers())("lists: time in status and needs attention on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      SESSION_SECRET: "list-attention-session-secret-0123456789",
      DASHBOARD_API_TOKEN: TOKEN,
    });
    resetConfig();
    t = await freshDatabase(provider);

    const dns = "waiting_for_dns_propagation";
    // Domains (budget for waiting_for_dns_propagation: 48 h; critical past 96 h).
    await deliver(inWorkspace(domainEvent("dom-active", "active", ago(10 * D))));
    await deliver(inWorkspace(domainEvent("dom-5d", dns, ago(5 * D))));
    // Entered at 4 days; a late older event of another status arrives afterwards (stale): still 4 days, exactly twice the budget.
    await deliver(inWorkspace(domainEvent("dom-late", dns, ago(4 * D))));
    await deliver(inWorkspace(domainEvent("dom-late", "registration_in_progress", ago(6 * D))));
    // Entered 3 days ago, repeated by the vendor a minute ago: its last change is the newest of all.
    await deliver(inWorkspace(domainEvent("dom-3d", "registration_in_progress", ago(3 * D + H))));
    await deliver(inWorkspace(domainEvent("dom-3d", dns, ago(3 * D))));
    await deliver(inWorkspace(domainEvent("dom-3d", dns, ago(30))));
    await deliver(inWorkspace(domainEvent("dom-acked", dns, ago(3 * D - H))));
    await deliver(inWorkspace(domainEvent("dom-failed", "payment_failed", ago(120))));
    await deliver(inWorkspace(domainEvent("dom-fresh", dns, ago(60))));
    // Two hours after NOW (but in the real past, so the receiver keeps it): counts as now.
    await deliver(inWorkspace(domainEvent("dom-future", dns, ago(-2 * H))));
    await deliver(inWorkspace(domainEvent("dom-other", dns, ago(5 * D)), "ws-other"));

    // Mailboxes (each provisioning step 6 h).
    await deliver(inWorkspace(mailboxEvent("mb-active", "active", ago(20 * D))));
    await deliver(inWorkspace(mailboxEvent("mb-crit", "configuring_dkim", ago(13 * H))));
    await deliver(inWorkspace(mailboxEvent("mb-stuck", "configuring_dns", ago(7 * H))));
    await deliver(inWorkspace(mailboxEvent("mb-ok", "configuring_dns", ago(H))));

    // Consent requests (pending 24 h, the customer acts; processing 1 h), one mailbox each.
    const consent = (uid: string, status: string, seconds: number) =>
      deliver(inWorkspace(consentEvent(uid, status, ago(seconds)), WS, { mailbox_id: `mb-of-${uid}` }));
    await consent("cr-done", "completed", 5 * D);
    await consent("cr-old", "pending", 30 * H);
    await consent("cr-proc", "processing", 3 * H);
    await consent("cr-pending", "pending", 2 * H);
    await deliver(inWorkspace(clientIdEvent("ci-pending", "pending", ago(H), { domain_name: "ci.example.com" })));

    const [acked] = (await openAttentionItems(NOW)).filter((i) => i.uid === "dom-acked");
    expect((await acknowledgeItem(acked.id, "waiting on the registrar", { via: "token" }, NOW)).ok).toBe(true);
  });
  afterAll(async () => t.drop());

  const domains = (query: Record<string, string>) =>
    listDomains(domainListQuery.parse({ workspace: WS, pageSize: "200", ...query }), NOW);

  it("sorts domains by time in status, longest first, counted as the queue counts it", async () => {
    const page = await domains({ sort: "timeInStatus" });
    expect(page.dir).toBe("desc");
    expect(uids(page)).toEqual([
      "dom-active",
      "dom-5d",
      "dom-late",
      "dom-3d",
      "dom-acked",
      "dom-failed",
      "dom-fresh",
      "dom-future",
    ]);
    const age = Object.fromEntries(page.rows.map((r) => [r.uid, r.inStatus?.ageSeconds]));
    expect(age).toEqual({
      "dom-active": 10 * D,
      "dom-5d": 5 * D,
      "dom-late": 4 * D,
      "dom-3d": 3 * D,
      "dom-acked": 3 * D - H,
      "dom-failed": 120,
      "dom-fresh": 60,
      "dom-future": 0,
    });
    expect(page.rows.find((r) => r.uid === "dom-future")?.inStatus?.since).toBe(NOW.toISOString());
    // The same ages the attention queue gives its items.
    for (const item of (await openAttentionItems(NOW, { workspace: WS })).filter((i) => i.entityType === "domain")) {
      expect(age[item.uid!], item.uid!).toBe(item.ageSeconds);
    }
    // Ascending is the exact reverse; pages cut the same order.
    expect(uids(await domains({ sort: "timeInStatus", dir: "asc" }))).toEqual([...uids(page)].reverse());
    expect(uids(await domains({ sort: "timeInStatus", pageSize: "3", page: "2" }))).toEqual(uids(page).slice(3, 6));
    // Not the order of the last change: dom-3d changed last but for the one with a future vendor time.
    expect(uids(await domains({})).slice(0, 2)).toEqual(["dom-future", "dom-3d"]);
  });

  it("colours each row against its budget: warning past it, critical past twice it or in a failure state", async () => {
    const page = await domains({ sort: "timeInStatus" });
    expect(Object.fromEntries(page.rows.map((r) => [r.uid, r.inStatus?.severity]))).toEqual({
      "dom-active": null,
      "dom-5d": "critical",
      "dom-late": "warning",
      "dom-3d": "warning",
      "dom-acked": "warning",
      "dom-failed": "critical",
      "dom-fresh": null,
      "dom-future": null,
    });
    expect(page.rows.find((r) => r.uid === "dom-5d")?.inStatus?.budgetSeconds).toBe(48 * H);
  });

  it("needs attention: only domains with an open item (the acknowledged one is out), with status counts under the filter", async () => {
    const page = await domains({ attention: "open", sort: "timeInStatus" });
    expect(uids(page)).toEqual(["dom-5d", "dom-late", "dom-3d", "dom-failed"]);
    expect(page.total).toBe(4);
    expect(page.statusCounts).toEqual({ waiting_for_dns_propagation: 3, payment_failed: 1 });
    const queue = (await openAttentionItems(NOW, { workspace: WS })).filter((i) => i.entityType === "domain");
    expect(new Set(uids(page))).toEqual(new Set(queue.map((i) => i.uid)));
    // Without a workspace the other workspace's stuck domain is in too.
    expect(uids(await listDomains(domainListQuery.parse({ attention: "open" }), NOW))).toContain("dom-other");
  });

  it("mailboxes and requests: the same sort and filter", async () => {
    const mailboxes = (query: Record<string, string>) =>
      listMailboxes(mailboxListQuery.parse({ workspace: WS, sort: "timeInStatus", ...query }), NOW);
    expect(uids(await mailboxes({}))).toEqual(["mb-active", "mb-crit", "mb-stuck", "mb-ok"]);
    const open = await mailboxes({ attention: "open" });
    expect(uids(open)).toEqual(["mb-crit", "mb-stuck"]);
    expect(open.rows.map((r) => r.inStatus?.severity)).toEqual(["critical", "warning"]);

    const requests = (query: Record<string, string>) =>
      listRequests(requestListQuery.parse({ workspace: WS, sort: "timeInStatus", ...query }), NOW);
    const all = await requests({});
    expect(uids(all)).toEqual(["cr-done", "cr-old", "cr-proc", "cr-pending"]);
    expect(all.rows.map((r) => [r.inStatus?.ageSeconds, r.inStatus?.severity])).toEqual([
      [5 * D, null],
      [30 * H, "warning"],
      [3 * H, "critical"],
      [2 * H, null],
    ]);
    // A pending request waits on the customer: in the queue (and the filter) from its first second.
    expect(uids(await requests({ attention: "open" }))).toEqual(["cr-old", "cr-proc", "cr-pending"]);
    expect(uids(await requests({ attention: "open", type: "client_id_request" }))).toEqual(["ci-pending"]);
  });

  it("the JSON APIs and the CSV export take the sort and the filter; a bad value or an unknown parameter is a 400 naming it", async () => {
    const body = await (await domainsGET(get(`/api/domains?workspace=${WS}&attention=open&sort=timeInStatus`))).json();
    expect(body.sort).toBe("timeInStatus");
    const ages = body.rows.map((r: { inStatus: { ageSeconds: number } }) => r.inStatus.ageSeconds);
    expect(ages).toEqual([...ages].sort((a: number, b: number) => b - a));
    expect(body.rows.map((r: { uid: string }) => r.uid)).not.toContain("dom-acked");
    const csv = await (await domainsExportGET(get(`/api/domains/export?workspace=${WS}&attention=open`))).text();
    expect(csv).not.toContain("dom-acked");
    expect(csv).toContain("dom-5d");
    expect((await mailboxesGET(get(`/api/mailboxes?attention=open&sort=timeInStatus&dir=asc`))).status).toBe(200);
    expect((await requestsGET(get(`/api/requests?type=client_id_request&attention=open`))).status).toBe(200);
    for (const [route, query, name] of [
      [domainsGET, "attention=yes", "attention"],
      [mailboxesGET, "attention=", "attention"],
      [requestsGET, "needsAttention=true", "needsAttention"],
      [domainsGET, "sort=inStatus", "sort"],
      [domainsExportGET, "attention=all", "attention"],
    ] as const) {
      const response = await route(get(`/api/x?${query}`));
      expect(response.status, query).toBe(400);
      const error = (await response.json()).error;
      expect(error.code).toBe("invalid_query");
      expect(error.message, query).toContain(name);
    }
  });
});
