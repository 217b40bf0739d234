// Global search (GET /api/search) and the /requests list found by its mailbox's address, through the
// route handlers against a fresh database on each provider: partial and case-insensitive matches,
// grouped by kind, starts-with first, a limit per kind, LIKE wildcards taken literally, and the
// query-string contract (401, unknown or repeated parameters, a too short q).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as searchGET } from "@/app/api/search/route";
import { GET as requestsGET } from "@/app/api/requests/route";
import { resetConfig } from "@/lib/config";
import { SEARCH_LIMIT, type SearchResult } from "@/lib/queries/search";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { operatorSessionCookie } from "../helpers/operator";

const TOKEN = "integration-api-token-0123456789abcdef";
let cookie = "";

function get(path: string, auth: "bearer" | "session" | "none" = "bearer"): Request {
  const headers: Record<string, string> = {};
  if (auth === "bearer") headers.authorization = `Bearer ${TOKEN}`;
  if (auth === "session") headers.cookie = cookie;
  return new Request(`http://localhost${path}`, { headers });
}

const at = new Date("2026-11-30T10:00:00.000Z");
const common = { lastOccurredAt: at, orderKey: `0|${at.toISOString()}`, firstSeenAt: at, updatedAt: at };

async function seed(t: TestDatabase) {
  const mailbox = (uid: string, email: string, workspaceId: string) => ({
    uid,
    email,
    status: "active",
    workspaceId,
    teamName: `Team ${workspaceId}`,
    domainName: email.split("@")[1],
    ...common,
  });
  await t.db.prisma.mailbox.createMany({
    data: [
      mailbox("MBX-AAA1", "Jane.Doe@Acme-Corp.com", "acme-ws"),
      mailbox("MBX-BBB2", "john@globex.test", "ws-globex"),
      mailbox("MBX-UNDER", "a_b@wild.test", "ws-wild"),
      mailbox("MBX-PLAIN", "axb@wild.test", "ws-wild"),
      // Eight that start with "bulk" and two that only contain it: the first SEARCH_LIMIT start with it.
      ...Array.from({ length: 8 }, (_, i) => mailbox(`MBX-BULK${i}`, `bulk${i}@many.test`, "ws-many")),
      mailbox("MBX-X1", "a-bulk@many.test", "ws-many"),
      mailbox("MBX-X2", "b-bulk@many.test", "ws-many"),
    ],
  });
  await t.db.prisma.domain.createMany({
    data: [
      { uid: "DOM-ACME", name: "acme-corp.com", status: "active", workspaceId: "acme-ws", ...common },
      { uid: "DOM-GLOBEX", name: "globex.test", status: "pending", workspaceId: "ws-globex", ...common },
    ],
  });
  await t.db.prisma.consentRequest.create({
    data: { uid: "ACME-CR-1", status: "pending", mailboxId: "MBX-AAA1", workspaceId: "acme-ws", ...common },
  });
  await t.db.prisma.consentRequest.create({
    data: { uid: "CR-GLOBEX-1", status: "pending", mailboxId: "MBX-BBB2", workspaceId: "ws-globex", ...common },
  });
  await t.db.prisma.clientIdRequest.create({
    data: {
      uid: "CID-WAIT-1",
      status: "pending",
      mailboxId: "MBX-AAA1",
      domainName: "acme-corp.com",
      workspaceId: "acme-ws",
      ...common,
    },
  });
}

async function find(q: string): Promise<SearchResult> {
  const response = await searchGET(get(`/api/search?q=${encodeURIComponent(q)}`));
  expect(response.status).toBe(200);
  return response.json();
}
const titles = (result: SearchResult, kind = "mailbox") =>
  result.groups.find((g) => g.kind === kind)!.hits.map((h) => h.title);

describe.each(await providers())("global search on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    process.env.SESSION_SECRET = "integration-session-secret-0123456789";
    process.env.DASHBOARD_API_TOKEN = TOKEN;
    resetConfig();
    t = await freshDatabase(provider);
    cookie = await operatorSessionCookie(t.db.prisma);
    await seed(t);
  });
  afterAll(async () => t.drop());

  it("answers 401 without a session or token, 200 with either, never cached", async () => {
    expect((await searchGET(get("/api/search?q=jane", "none"))).status).toBe(401);
    for (const auth of ["bearer", "session"] as const) {
      const response = await searchGET(get("/api/search?q=jane", auth));
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/no-store/);
    }
  });

  it("refuses an unknown or repeated parameter and a missing or too short q with 400, naming it", async () => {
    for (const [query, words] of [
      ["q=jane&kind=mailbox", /unknown query parameter "kind"/],
      ["q=jane&q=john", /"q" is given more than once/],
      ["", /q: the text to search for is required/],
      ["q=j", /q: type at least 2 characters/],
      ["q=%20%20j%20", /q: type at least 2 characters/],
    ] as const) {
      const response = await searchGET(get(`/api/search?${query}`));
      expect(response.status, query).toBe(400);
      expect(await response.json()).toEqual({
        error: { code: "invalid_query", message: expect.stringMatching(words) },
      });
    }
  });

  it("finds a mailbox by part of its address in any case, and links to it", async () => {
    const result = await find("JANE.d");
    expect(result.groups.map((g) => g.kind)).toEqual(["mailbox", "domain", "workspace", "request"]);
    expect(result.groups[0].hits).toEqual([
      {
        type: "mailbox",
        title: "Jane.Doe@Acme-Corp.com",
        detail: "MBX-AAA1 · acme-ws",
        status: "active",
        href: "/mailboxes/MBX-AAA1",
      },
    ]);
    expect(titles(await find("doe@acme")), "a part in the middle").toEqual(["Jane.Doe@Acme-Corp.com"]);
    expect(titles(await find("mbx-bbb")), "by uid").toEqual(["john@globex.test"]);
  });

  it("groups every kind one word matches: mailboxes, domains, workspaces and requests", async () => {
    const result = await find("acme");
    expect(titles(result, "mailbox")).toEqual(["Jane.Doe@Acme-Corp.com"]);
    expect(titles(result, "domain")).toEqual(["acme-corp.com"]);
    expect(titles(result, "workspace")).toEqual(["acme-ws"]);
    expect(result.groups[2].hits[0]).toMatchObject({ detail: "Team acme-ws", href: "/workspaces/acme-ws" });
    expect(titles(result, "request")).toEqual(["ACME-CR-1"]);
    expect(result.groups[1].hits[0].href).toBe("/domains/DOM-ACME");
  });

  it("finds a request by part of its uid, named by its mailbox's address", async () => {
    const result = await find("cid-wait");
    expect(result.groups[3].hits).toEqual([
      {
        type: "client_id_request",
        title: "CID-WAIT-1",
        detail: "Client-ID request · Jane.Doe@Acme-Corp.com",
        status: "pending",
        href: "/requests/CID-WAIT-1",
      },
    ]);
  });

  it(`answers at most ${SEARCH_LIMIT} per kind, those starting with the text first`, async () => {
    const hits = titles(await find("bulk"));
    expect(hits).toHaveLength(SEARCH_LIMIT);
    expect(hits.every((h) => h.startsWith("bulk"))).toBe(true);
    expect(titles(await find("-bulk@"))).toEqual(["a-bulk@many.test", "b-bulk@many.test"]);
  });

  it("takes % and _ literally", async () => {
    expect(titles(await find("a_b"))).toEqual(["a_b@wild.test"]);
    expect(titles(await find("%@wild"))).toEqual([]);
  });

  it("/requests finds a request by part of its mailbox's address, any case", async () => {
    const uids = async (query: string) => {
      const response = await requestsGET(get(`/api/requests?${query}`));
      expect(response.status, query).toBe(200);
      return (await response.json()).rows.map((r: { uid: string }) => r.uid);
    };
    expect(await uids("q=jane.doe")).toEqual(["ACME-CR-1"]);
    expect(await uids("q=GLOBEX.TEST")).toEqual(["CR-GLOBEX-1"]);
    expect(await uids("type=client_id_request&q=doe%40acme")).toEqual(["CID-WAIT-1"]);
    expect(await uids("q=acme-cr"), "part of the request's uid").toEqual(["ACME-CR-1"]);
    expect(await uids("q=MBX-AAA1"), "the mailbox uid still works").toEqual(["ACME-CR-1"]);
    expect(await uids("q=nobody%40nowhere")).toEqual([]);
  });
});
