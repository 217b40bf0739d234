// The event log API through its route handlers, with real deliveries of both vendors stored by the
// real webhook routes on every provider: each filter narrows to exactly the events it names (checked
// against the same predicate over every stored row), free-text search finds a word that occurs only
// deep inside a payload and never a credential, pages follow the cursor, and every list API answers
// an unknown or malformed parameter with 400 naming it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as inboxKitPOST } from "@/app/api/webhooks/inboxkit/route";
import { POST as inkboxPOST } from "@/app/api/webhooks/inkbox/route";
import { GET as eventsGET } from "@/app/api/events/route";
import { GET as eventGET } from "@/app/api/events/[id]/route";
import { GET as domainsGET } from "@/app/api/domains/route";
import { GET as domainsExportGET } from "@/app/api/domains/export/route";
import { GET as mailboxesGET } from "@/app/api/mailboxes/route";
import { GET as mailboxesExportGET } from "@/app/api/mailboxes/export/route";
import { GET as requestsGET } from "@/app/api/requests/route";
import { GET as deliveriesGET } from "@/app/api/deliveries/route";
import { GET as eventsExportGET } from "@/app/api/events/export/route";
import { GET as timelineExportGET } from "@/app/api/events/timeline/route";
import { GET as requestGET } from "@/app/api/requests/[uid]/route";
import type { RequestData } from "@/lib/queries/requests";
import { resetConfig } from "@/lib/config";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { SEARCH_INDEX } from "@/lib/queries/event-search";
import type { EventDetail, EventRow } from "@/lib/queries/events";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import {
  clientIdEvent,
  configureInboxKit,
  consentEvent,
  domainEvent,
  mailboxEvent,
  signedRequest,
} from "../helpers/inboxkit";

const TOKEN = "events-api-token-0123456789abcdef";
const INKBOX_KEY = "whsec_events_api_inkbox_key";

function configure(): void {
  configureInboxKit();
  Object.assign(process.env, {
    SESSION_SECRET: "events-session-secret-0123456789",
    DASHBOARD_PASSWORD: "events password",
    DASHBOARD_API_TOKEN: TOKEN,
    INKBOX_SIGNING_KEYS: INKBOX_KEY,
  });
  resetConfig();
}

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

type Stored = {
  id: number;
  vendor: string;
  eventType: string;
  entityType: string | null;
  entityUid: string | null;
  status: string | null;
  outcome: string;
  duplicateCount: number;
  workspaceId: string | null;
  occurredAt: Date;
  receivedAt: Date;
};

function inkboxRequest(payload: unknown): Request {
  const body = JSON.stringify(payload);
  const signed = signInkbox(body, { secret: INKBOX_KEY });
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers, body });
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 1, 9);
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

/** Deliveries of every kind: several entities, workspaces, statuses, a duplicate, a stale one, an unknown event, Inkbox mail. */
async function seed(t: TestDatabase): Promise<void> {
  const deliveries = [
    domainEvent("dom-alpha", "pending_activation", at(0)),
    domainEvent("dom-alpha", "active", at(2)),
    domainEvent("dom-beta", "waiting_for_dns_propagation", at(1), { name: "beta-shop.example.org" }),
    mailboxEvent("mb-one", "pending", at(3)),
    mailboxEvent("mb-one", "active", at(5)),
    mailboxEvent("mb-one", "processing", at(4)), // arrives after active: stale
    mailboxEvent("mb-two", "pending", at(6), {
      custom_fields: { crm: { notes: ["call back", "quetzalcoatl onboarding"] } },
    }),
    consentEvent("cr-one", "pending", at(7)),
    clientIdEvent("cid-one", "completed", at(8)),
    { ...domainEvent("dom-gamma", "active", at(9)), event: "domain.renewed" }, // unknown event: ignored
    domainEvent("dom-formula", '=HYPERLINK("http://evil")', at(10)), // a cell a spreadsheet would run
  ];
  deliveries[2].data.metadata.workspace_id = "ws-2";
  for (const body of deliveries) expect((await inboxKitPOST(signedRequest(body))).status).toBe(200);
  expect((await inboxKitPOST(signedRequest(deliveries[0]))).status).toBe(200); // duplicate
  const mail = {
    id: "msg_ev_1",
    mailboxEmail: "jane.mb-two@example.com",
    direction: "outbound" as const,
    from: "jane.mb-two@example.com",
    to: ["maria@acme.com"],
    subject: "Pricing",
    createdAt: new Date(T0),
  };
  expect(
    (await inkboxPOST(inkboxRequest(inkboxMessageEvent("message.sent", mail, { at: new Date(Date.now() - 10_000) }))))
      .status,
  ).toBe(200);
  expect(
    (
      await inkboxPOST(
        inkboxRequest(inkboxMessageEvent("message.delivered", mail, { at: new Date(Date.now() - 5_000) })),
      )
    ).status,
  ).toBe(200);
  await t.db.prisma.consentRequest.update({ where: { uid: "cr-one" }, data: { mailboxId: "mb-two" } });
  // Received times are "now" for all; spread them so the received-time range has something to narrow.
  const rows = await t.db.prisma.webhookEvent.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  for (const [i, row] of rows.entries()) {
    await t.db.prisma.webhookEvent.update({ where: { id: row.id }, data: { receivedAt: new Date(at(100 + i)) } });
  }
}

describe.each(await providers())("GET /api/events on %s", (provider) => {
  let t: TestDatabase;
  let all: Stored[];
  beforeAll(async () => {
    configure();
    t = await freshDatabase(provider);
    await seed(t);
    all = await t.db.prisma.webhookEvent.findMany({ orderBy: { id: "desc" } });
  });
  afterAll(async () => t.drop());

  const list = async (query: string) => {
    const response = await eventsGET(get(`/api/events?${query}`));
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body as { rows: EventRow[]; nextBefore: number | null };
  };
  const ids = async (query: string) => (await list(`limit=200&${query}`)).rows.map((r) => r.id);
  const expected = (predicate: (e: Stored) => boolean) => all.filter(predicate).map((e) => e.id);

  it("holds events of both vendors, newest first", async () => {
    expect(new Set(all.map((e) => e.vendor))).toEqual(new Set(["inboxkit", "inkbox"]));
    expect(await ids("")).toEqual(all.map((e) => e.id));
  });

  const FILTERS: [string, string, (e: Stored) => boolean][] = [
    ["vendor", "vendor=inkbox", (e) => e.vendor === "inkbox"],
    ["eventType", "eventType=mailbox.status_changed", (e) => e.eventType === "mailbox.status_changed"],
    ["entityType", "entityType=domain", (e) => e.entityType === "domain"],
    ["entity by uid, partial", "entity=dom-al", (e) => e.entityUid === "dom-alpha"],
    [
      "entity by e-mail, partial",
      "entity=jane.mb-tw",
      (e) => ["mb-two", "jane.mb-two@example.com"].includes(e.entityUid ?? ""),
    ],
    ["entity by domain name", "entity=beta-shop", (e) => e.entityUid === "dom-beta"],
    ["workspace", "workspace=ws-2", (e) => e.workspaceId === "ws-2"],
    ["one status", "status=active", (e) => e.status === "active"],
    ["a status list", "status=pending,completed", (e) => ["pending", "completed"].includes(e.status ?? "")],
    ["outcome stale", "outcome=stale", (e) => e.outcome === "stale"],
    ["outcome ignored", "outcome=ignored", (e) => e.outcome === "ignored"],
    ["duplicates only", "duplicates=true", (e) => e.duplicateCount > 1],
    ["vendor time from", `occurredFrom=${at(5)}`, (e) => e.occurredAt.getTime() >= T0 + 5 * HOUR],
    ["vendor time to", `occurredTo=${at(2)}`, (e) => e.occurredAt.getTime() <= T0 + 2 * HOUR],
    [
      "vendor time range",
      `occurredFrom=${at(3)}&occurredTo=${at(6)}`,
      (e) => e.occurredAt.getTime() >= T0 + 3 * HOUR && e.occurredAt.getTime() <= T0 + 6 * HOUR,
    ],
    [
      "received time range",
      `receivedFrom=${at(103)}&receivedTo=${at(106)}`,
      (e) => e.receivedAt.getTime() >= T0 + 103 * HOUR && e.receivedAt.getTime() <= T0 + 106 * HOUR,
    ],
    [
      "received day (date only)",
      `receivedTo=${at(100).slice(0, 10)}`,
      (e) => e.receivedAt.toISOString().slice(0, 10) <= at(100).slice(0, 10),
    ],
    [
      "two filters together",
      "entityType=mailbox&status=pending",
      (e) => e.entityType === "mailbox" && e.status === "pending",
    ],
  ];

  it.each(FILTERS)("narrows by %s", async (_name, query, predicate) => {
    const want = expected(predicate);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(all.length);
    expect(await ids(query)).toEqual(want);
  });

  it("finds a word that occurs only inside a nested payload field", async () => {
    const mbTwo = all.find((e) => e.entityUid === "mb-two" && e.vendor === "inboxkit")!;
    expect(await ids("q=quetzalcoatl")).toEqual([mbTwo.id]);
    expect(await ids("q=QUETZAL")).toEqual([mbTwo.id]); // a word's start, any case
    expect(await ids("q=quetzalcoatl&entityType=domain")).toEqual([]);
    // Words of an e-mail address are words; several words must all occur.
    expect(await ids("q=maria acme")).toEqual(expected((e) => e.vendor === "inkbox"));
    expect(await ids("q=nosuchwordanywhere")).toEqual([]);
  });

  it("never finds a credential: they are removed before anything is stored", async () => {
    expect(await ids("q=xyzAB8921")).toEqual([]); // the mailbox password's word
    expect(await ids("q=totp SECRET 42")).toEqual([]);
  });

  it("pages backwards with before and limit, with and without a search", async () => {
    const first = await list("limit=4");
    expect(first.rows.map((r) => r.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    const second = await list(`limit=4&before=${first.nextBefore}`);
    expect(second.rows.map((r) => r.id)).toEqual(all.slice(4, 8).map((e) => e.id));
    const pending = await ids("q=pending");
    expect(pending.length).toBeGreaterThan(2);
    const searched = await list("limit=1&q=pending");
    expect(searched.rows.map((r) => r.id)).toEqual(pending.slice(0, 1));
    const next = await list(`limit=1&q=pending&before=${searched.nextBefore}`);
    expect(next.rows.map((r) => r.id)).toEqual(pending.slice(1, 2));
  });

  if (provider === "postgresql") {
    it("searches through the GIN index, not a scan", async () => {
      const { matchingEventIds } = await import("@/lib/queries/events");
      await t.db.prisma.$executeRawUnsafe("SET enable_seqscan = off");
      const plan = await t.db.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN SELECT e."id" FROM "webhook_events" e WHERE to_tsvector('simple'::regconfig, translate(left(e."payload", 100000), '!"#$%&''()*+,-./:;<=>?@[\\]^_\`{|}~', '${" ".repeat(32)}')) @@ to_tsquery('simple', 'quetzalcoatl:*')`,
      );
      expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain(SEARCH_INDEX.postgresql);
      expect(await matchingEventIds({ q: "quetzalcoatl" }, { limit: 5 })).toHaveLength(1);
    });
  }

  it("answers one event with its payload, dedupe facts and, for a stale one, the event that won", async () => {
    const stale = all.find((e) => e.outcome === "stale")!;
    const response = await eventGET(get(`/api/events/${stale.id}`), {
      params: Promise.resolve({ id: String(stale.id) }),
    });
    expect(response.status).toBe(200);
    const detail = (await response.json()) as EventDetail;
    expect(detail.event.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.event.duplicateCount).toBe(1);
    expect(detail.event.lastSeenAt).toBeTruthy();
    expect((detail.payload as { data: { mailbox: { status: string } } }).data.mailbox.status).toBe("processing");
    expect(JSON.stringify(detail)).not.toMatch(/Mb!xyzAB8921|app-Xy9|totp-SECRET/);
    const active = all.find((e) => e.entityUid === "mb-one" && e.status === "active")!;
    expect(detail.winner).toMatchObject({ id: active.id, status: "active" });
    expect(detail.entity).toMatchObject({ type: "mailbox", uid: "mb-one", href: "/mailboxes/mb-one" });

    const duplicate = all.find((e) => e.duplicateCount > 1)!;
    const dup = (await (
      await eventGET(get(`/api/events/${duplicate.id}`), { params: Promise.resolve({ id: String(duplicate.id) }) })
    ).json()) as EventDetail;
    expect(dup.event.duplicateCount).toBe(2);
    expect(dup.winner).toBeNull();
  });

  it("exports the filtered list as CSV: no credentials, formulas escaped", async () => {
    const response = await eventsExportGET(get("/api/events/export?entityType=domain"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const csv = await response.text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe(
      "id,receivedAt,occurredAt,vendor,eventType,entityType,entityUid,label,status,previousStatus,outcome,duplicateCount,workspaceId,headerEventMismatch",
    );
    expect(lines).toHaveLength(1 + expected((e) => e.entityType === "domain").length);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const everything = await (await eventsExportGET(get("/api/events/export"))).text();
    expect(everything).not.toMatch(/Mb!xyzAB8921|app-Xy9|totp-SECRET/);
    expect((await eventsExportGET(get("/api/events/export?limit=5"))).status).toBe(400);
  });

  it("exports one entity's timeline as CSV, oldest first", async () => {
    const response = await timelineExportGET(get("/api/events/timeline?entityType=mailbox&uid=mb-one"));
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split("\n");
    expect(lines.slice(1).map((l) => l.split(",")[5])).toEqual(["pending", "processing", "active"]);
  });

  it("answers a request's timeline, linked to its mailbox and workspace", async () => {
    const response = await requestGET(get("/api/requests/cr-one"), { params: Promise.resolve({ uid: "cr-one" }) });
    expect(response.status).toBe(200);
    const view = (await response.json()) as RequestData;
    expect(view.request).toMatchObject({
      type: "consent_request",
      uid: "cr-one",
      status: "pending",
      workspaceId: "ws-1",
    });
    expect(view.mailbox).toEqual({ uid: "mb-two", email: "jane.mb-two@example.com" });
    expect(view.timeline.entries.map((e) => e.status)).toEqual(["pending"]);
    const clientId = (await (
      await requestGET(get("/api/requests/cid-one"), { params: Promise.resolve({ uid: "cid-one" }) })
    ).json()) as RequestData;
    expect(clientId.request).toMatchObject({
      type: "client_id_request",
      status: "completed",
      domainName: "example.com",
    });
    expect((await requestGET(get("/api/requests/nope"), { params: Promise.resolve({ uid: "nope" }) })).status).toBe(
      404,
    );
  });

  it("answers 404 for an unknown event and 400 for a malformed id", async () => {
    expect((await eventGET(get("/api/events/999999"), { params: Promise.resolve({ id: "999999" }) })).status).toBe(404);
    expect((await eventGET(get("/api/events/abc"), { params: Promise.resolve({ id: "abc" }) })).status).toBe(400);
  });
});

describe("every list API refuses an unknown or malformed parameter, naming it", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    configure();
    t = await freshDatabase("sqlite");
  });
  afterAll(async () => t.drop());

  const ROUTES: [string, (r: Request) => Promise<Response>][] = [
    ["/api/events", eventsGET],
    ["/api/domains", domainsGET],
    ["/api/domains/export", domainsExportGET],
    ["/api/mailboxes", mailboxesGET],
    ["/api/mailboxes/export", mailboxesExportGET],
    ["/api/requests", requestsGET],
    ["/api/deliveries", deliveriesGET],
  ];

  it.each(ROUTES)("%s: an unknown parameter is a 400 naming it", async (path, handler) => {
    const response = await handler(get(`${path}?stauts=active`));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("invalid_query");
    expect(body.error.message).toContain('"stauts"');
  });

  it.each(ROUTES)("%s: a parameter given twice is a 400 naming it", async (path, handler) => {
    const name = path === "/api/events" || path === "/api/deliveries" ? "limit" : "pageSize";
    const response = await handler(get(`${path}?${name}=5&${name}=6`));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(`query parameter "${name}" is given more than once`);
  });

  it("a filter a list does not have is unknown there (platform is for mailboxes only)", async () => {
    expect((await domainsGET(get("/api/domains?platform=GOOGLE"))).status).toBe(400);
    expect((await requestsGET(get("/api/requests?platform=GOOGLE"))).status).toBe(400);
    expect((await mailboxesGET(get("/api/mailboxes?platform=GOOGLE"))).status).toBe(200);
  });

  it.each([
    ["vendor=mailchimp", "vendor"],
    ["outcome=applied-ish", "outcome"],
    ["entityType=team", "entityType"],
    ["duplicates=yes", "duplicates"],
    ["occurredFrom=yesterday", "occurredFrom"],
    ["receivedTo=2024-13-45", "receivedTo"],
    ["limit=abc", "limit"],
    ["limit=500", "limit"],
    ["before=-3", "before"],
    ["q=%20%2B%2B%20", "q"],
    // the names the issue found silently ignored
    ["entityUid=mb-1", "entityUid"],
    ["since=2024-01-01", "since"],
    ["until=2024-01-01", "until"],
  ])("/api/events?%s is a 400 naming %s", async (query, param) => {
    const response = await eventsGET(get(`/api/events?${query}`));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain(param);
  });
});
