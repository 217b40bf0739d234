// The operator JSON API through its route handlers, with real Requests against a fresh database:
// who may read (session cookie, Bearer token, nobody else), server-side pagination/filter/sort over
// a few hundred rows, one mailbox's timeline built from real deliveries, and the login routes.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as webhookPOST } from "@/app/api/webhooks/inboxkit/route";
import { GET as domainsGET } from "@/app/api/domains/route";
import { GET as domainGET } from "@/app/api/domains/[uid]/route";
import { GET as mailboxesGET } from "@/app/api/mailboxes/route";
import { GET as mailboxesExportGET } from "@/app/api/mailboxes/export/route";
import { GET as domainsExportGET } from "@/app/api/domains/export/route";
import { GET as mailboxGET } from "@/app/api/mailboxes/[uid]/route";
import { GET as requestsGET } from "@/app/api/requests/route";
import { GET as eventsGET } from "@/app/api/events/route";
import { GET as deliveriesGET } from "@/app/api/deliveries/route";
import { GET as workspaceGET } from "@/app/api/workspaces/[workspaceId]/route";
import { GET as overviewGET } from "@/app/api/overview/route";
import { GET as healthGET } from "@/app/api/health/route";
import { resetConfig } from "@/lib/config";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { operatorSessionCookie } from "../helpers/operator";
import { configureInboxKit, consentEvent, mailboxEvent, signedRequest } from "../helpers/inboxkit";

const TOKEN = "integration-api-token-0123456789abcdef";
const BASE = "http://localhost";
const STATUSES = ["pending", "processing", "active", "failed"] as const;
const PLATFORMS = ["GOOGLE", "MICROSOFT"] as const;
const N_MAILBOXES = 300;
const N_DOMAINS = 120;

type Auth = "none" | "bearer" | "session" | "wrong";
function get(path: string, auth: Auth = "bearer"): Request {
  const headers: Record<string, string> = {};
  if (auth === "bearer") headers.authorization = `Bearer ${TOKEN}`;
  if (auth === "wrong") headers.authorization = `Bearer ${TOKEN}x`;
  if (auth === "session") headers.cookie = sessionCookie;
  return new Request(`${BASE}${path}`, { headers });
}
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

const ROUTES: [string, (r: Request) => Promise<Response>][] = [
  ["/api/domains", (r) => domainsGET(r)],
  ["/api/domains/d-0001", (r) => domainGET(r, params({ uid: "d-0001" }))],
  ["/api/mailboxes", (r) => mailboxesGET(r)],
  ["/api/mailboxes/mb-live", (r) => mailboxGET(r, params({ uid: "mb-live" }))],
  ["/api/requests", (r) => requestsGET(r)],
  ["/api/events", (r) => eventsGET(r)],
  ["/api/deliveries", (r) => deliveriesGET(r)],
  ["/api/workspaces/ws-1", (r) => workspaceGET(r, params({ workspaceId: "ws-1" }))],
  ["/api/overview", (r) => overviewGET(r)],
  ["/api/mailboxes/export", (r) => mailboxesExportGET(r)],
  ["/api/domains/export", (r) => domainsExportGET(r)],
];

const pad = (n: number) => String(n).padStart(4, "0");
const minutes = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000);

async function seed(t: TestDatabase) {
  const common = (i: number) => ({
    lastOccurredAt: minutes(i),
    orderKey: `0|${minutes(i).toISOString()}`,
    firstSeenAt: minutes(i),
    updatedAt: minutes(i),
  });
  await t.db.prisma.mailbox.createMany({
    data: Array.from({ length: N_MAILBOXES }, (_, i) => ({
      uid: `m-${pad(i)}`,
      email: `user${pad(i)}@${i % 3 === 0 ? "acme" : "globex"}.test`,
      status: STATUSES[i % 4],
      platform: PLATFORMS[i % 2],
      workspaceId: i % 5 === 0 ? "ws-a" : "ws-b",
      domainName: i % 3 === 0 ? "acme.test" : "globex.test",
      ...common(i),
    })),
  });
  await t.db.prisma.domain.createMany({
    data: Array.from({ length: N_DOMAINS }, (_, i) => ({
      uid: `d-${pad(i)}`,
      name: `site${pad(i)}.test`,
      status: i % 2 ? "active" : "waiting_for_dns_propagation",
      workspaceId: "ws-a",
      ...common(i),
    })),
  });
  // One mailbox with a real history: pending → processing → active, a duplicate, and a late (stale) event.
  const deliveries = [
    mailboxEvent("mb-live", "pending", "2024-02-01T10:00:00.000Z"),
    mailboxEvent("mb-live", "processing", "2024-02-01T10:05:00.000Z"),
    mailboxEvent("mb-live", "processing", "2024-02-01T10:05:00.000Z"),
    mailboxEvent("mb-live", "active", "2024-02-01T10:30:00.000Z"),
    mailboxEvent("mb-live", "configuring_dns", "2024-02-01T10:20:00.000Z"),
    consentEvent("cr-live", "pending", "2024-02-01T10:10:00.000Z", {}),
  ];
  for (const body of deliveries) expect((await webhookPOST(signedRequest(body))).status).toBe(200);
  await t.db.prisma.consentRequest.update({ where: { uid: "cr-live" }, data: { mailboxId: "mb-live" } });
  // And one refusal: signed with the wrong key.
  expect(
    (
      await webhookPOST(
        signedRequest(mailboxEvent("mb-x", "pending", "2024-02-01T10:00:00.000Z"), { secret: "not-the-key" }),
      )
    ).status,
  ).toBe(401);
}

/** The Cookie header of a signed-in operator in the current database (set per provider). */
let sessionCookie = "";

describe.each(await providers())("operator JSON API on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      SESSION_SECRET: "integration-session-secret-0123456789",
      DASHBOARD_PASSWORD: "integration password",
      DASHBOARD_API_TOKEN: TOKEN,
    });
    resetConfig();
    t = await freshDatabase(provider);
    sessionCookie = await operatorSessionCookie(t.db.prisma);
    await seed(t);
  });
  afterAll(async () => t.drop());

  it.each(ROUTES)(
    "%s answers 401 in the error shape without a session or token, and with a wrong token",
    async (_path, handler) => {
      for (const auth of ["none", "wrong"] as const) {
        const response = await handler(get(_path, auth));
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
      }
    },
  );

  it.each(ROUTES)("%s answers 200 with the Bearer token and with a session cookie", async (path, handler) => {
    for (const auth of ["bearer", "session"] as const) {
      const response = await handler(get(path, auth));
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/no-store/);
    }
  });

  it("/api/health is public and says the database is up", async () => {
    const response = await healthGET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: "up", provider });
  });

  it("pages mailboxes on the server in the requested order", async () => {
    const body = await (await mailboxesGET(get("/api/mailboxes?sort=email&dir=asc&pageSize=50&page=3"))).json();
    expect(body).toMatchObject({ page: 3, pageSize: 50, total: N_MAILBOXES + 1, pages: 7, sort: "email", dir: "asc" });
    const all = [
      ...Array.from({ length: N_MAILBOXES }, (_, i) => `user${pad(i)}@${i % 3 === 0 ? "acme" : "globex"}.test`),
      "jane.mb-live@example.com",
    ].sort();
    expect(body.rows.map((r: { email: string }) => r.email)).toEqual(all.slice(100, 150));
  });

  it("filters by status, platform, workspace and text together, with status counts that ignore the status filter", async () => {
    const body = await (
      await mailboxesGET(get("/api/mailboxes?status=active&platform=google&workspace=ws-a&q=ACME&pageSize=200"))
    ).json();
    const expected = Array.from({ length: N_MAILBOXES }, (_, i) => i).filter(
      (i) => STATUSES[i % 4] === "active" && i % 2 === 0 && i % 5 === 0 && i % 3 === 0,
    );
    expect(body.total).toBe(expected.length);
    expect(body.rows.map((r: { uid: string }) => r.uid).sort()).toEqual(expected.map((i) => `m-${pad(i)}`));
    const unfiltered = Array.from({ length: N_MAILBOXES }, (_, i) => i).filter(
      (i) => i % 2 === 0 && i % 5 === 0 && i % 3 === 0,
    );
    expect(body.statusCounts.active).toBe(expected.length);
    expect(Object.values(body.statusCounts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      unfiltered.length,
    );
  });

  // The total is the status counts the filter keeps: no count statement, which on SQLite read every
  // row a text filter matched a second time (bench scale stage: /mailboxes?q= 3.2 s at 100,000).
  it("answers a list's total from its status counts, without a count statement", async () => {
    const p = t.db.prisma;
    const counts = [
      vi.spyOn(p.mailbox, "count"),
      vi.spyOn(p.domain, "count"),
      vi.spyOn(p.consentRequest, "count"),
      vi.spyOn(p.clientIdRequest, "count"),
    ];
    try {
      const body = await (await mailboxesGET(get("/api/mailboxes?status=active,pending&q=acme&pageSize=200"))).json();
      const expected = Array.from({ length: N_MAILBOXES }, (_, i) => i).filter(
        (i) => ["active", "pending"].includes(STATUSES[i % 4]) && i % 3 === 0,
      );
      expect(body.total).toBe(expected.length);
      expect(body.rows).toHaveLength(expected.length);
      expect((await (await domainsGET(get("/api/domains?pageSize=25"))).json()).total).toBe(N_DOMAINS);
      for (const type of ["consent_request", "client_id_request"]) {
        const list = await (await requestsGET(get(`/api/requests?type=${type}&pageSize=200`))).json();
        expect(list.total).toBe(list.rows.length);
      }
      for (const count of counts) expect(count).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("sorts domains newest first by default and pages to the end", async () => {
    const body = await (await domainsGET(get("/api/domains?pageSize=25&page=5"))).json();
    expect(body.total).toBe(N_DOMAINS);
    expect(body.rows.map((r: { uid: string }) => r.uid)).toEqual(
      Array.from({ length: 20 }, (_, i) => `d-${pad(19 - i)}`),
    );
  });

  it("refuses an invalid query with 400 and says which parameter", async () => {
    for (const query of ["pageSize=1000", "sort=password", "page=0", "dir=sideways"]) {
      const response = await mailboxesGET(get(`/api/mailboxes?${query}`));
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toContain(query.split("=")[0]);
    }
  });

  it("shows a mailbox's timeline oldest first with stale and duplicate markers, and never its credentials", async () => {
    const response = await mailboxGET(get("/api/mailboxes/mb-live"), params({ uid: "mb-live" }));
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.mailbox).toMatchObject({ uid: "mb-live", status: "active", credentialsOnFile: true });
    expect(body.timeline.entries.map((e: { status: string; outcome: string }) => `${e.status}:${e.outcome}`)).toEqual([
      "pending:applied",
      "processing:applied",
      "configuring_dns:stale",
      "active:applied",
    ]);
    expect(body.timeline.entries[1].duplicateCount).toBe(2);
    expect(body.timeline.entries.at(-1).current).toBe(true);
    expect(body.requests.map((r: { uid: string }) => r.uid)).toEqual(["cr-live"]);
    expect(body.banners.map((b: { state: string }) => b.state)).toEqual(["grant_access"]);
    for (const secret of ["Mb!xyzAB8921", "app-Xy9!pq7M", "totp-SECRET-42", "credentialsFingerprint", "orderKey"])
      expect(text).not.toContain(secret);
  });

  it("exports the filtered list as CSV, in order, without credentials", async () => {
    const response = await mailboxesExportGET(
      get("/api/mailboxes/export?status=active&workspace=ws-a&sort=email&page=3&pageSize=1"),
    );
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="mailboxes-.*\.csv"$/);
    const lines = (await response.text()).trim().split("\n");
    expect(lines[0]).toBe(
      "uid,email,firstName,lastName,status,previousStatus,platform,domainName,domainId,workspaceId,teamName,lastOccurredAt,firstSeenAt,mailHealth",
    );
    const expected = Array.from({ length: N_MAILBOXES }, (_, i) => i).filter(
      (i) => STATUSES[i % 4] === "active" && i % 5 === 0,
    );
    expect(lines.length - 1).toBe(expected.length);
    const emails = lines.slice(1).map((l) => l.split(",")[1]);
    expect(emails).toEqual([...emails].sort());
    const all = await (await mailboxesExportGET(get("/api/mailboxes/export"))).text();
    for (const secret of ["Mb!xyzAB8921", "app-Xy9!pq7M", "totp-SECRET-42"]) expect(all).not.toContain(secret);
  });

  it("answers 404 for an unknown uid", async () => {
    const response = await mailboxGET(get("/api/mailboxes/nope"), params({ uid: "nope" }));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });

  it("lists refused deliveries with the reason in plain words", async () => {
    const body = await (await deliveriesGET(get("/api/deliveries"))).json();
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ reason: "bad_signature", explanation: { title: "Signature does not match" } });
    expect(body.last24h).toBe(1);
    expect(JSON.stringify(body)).not.toMatch(/x-inboxkit-signature/i);
  });

  it("pages events backwards with a cursor", async () => {
    const first = await (await eventsGET(get("/api/events?limit=3"))).json();
    expect(first.rows).toHaveLength(3);
    const second = await (await eventsGET(get(`/api/events?limit=3&before=${first.nextBefore}`))).json();
    expect(second.rows[0].id).toBeLessThan(first.rows[2].id);
    expect(first.rows.find((r: { entityUid: string }) => r.entityUid === "mb-live")?.label).toBe(
      "jane.mb-live@example.com",
    );
  });
});
