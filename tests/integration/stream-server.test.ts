// GET /api/stream as `npm start` serves it: lib/cli/serve.ts answers it from node:http itself
// (lib/live/http-stream.ts), outside Next.js's request pipeline, over real HTTP on both databases:
// the same access rules, status codes, error JSON, headers and SSE framing as the route handler;
// notices arrive, a customer link's stream ends at its expiry, a client leaving closes its stream,
// and a graceful stop ends every stream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setOperatorPassword } from "@/lib/auth/operators";
import { signCustomerLink } from "@/lib/customer-link";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { consentEvent, signedRequest } from "../helpers/inboxkit";
import { ensureBuilt, freePort, SERVER_ENV, SERVER_OPERATOR, startServer, type AppServer } from "../helpers/server";
import { readUntil } from "../helpers/sse";

const TOKEN = { authorization: `Bearer ${SERVER_ENV.DASHBOARD_API_TOKEN}` };
const link = (workspace: string, options: { expiresAt?: Date; secret?: string } = {}) =>
  signCustomerLink(workspace, options.secret ?? SERVER_ENV.CUSTOMER_LINK_SECRET, options);

/** Reads a stream to its end; rejects if it has not ended within `ms`. */
async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => (timer = setTimeout(() => r(null), Math.max(0, deadline - Date.now())))),
    ]).finally(() => clearTimeout(timer));
    if (!chunk) throw new Error(`the stream did not end within ${ms} ms; got ${JSON.stringify(text)}`);
    if (chunk.done) return text;
    text += decoder.decode(chunk.value, { stream: true });
  }
}

describe.each(await providers())("GET /api/stream from the node:http server (%s)", (provider) => {
  let t: TestDatabase;
  let server: AppServer;
  let cookie: string;
  const aborts: AbortController[] = [];

  beforeAll(async () => {
    ensureBuilt();
    t = await freshDatabase(provider);
    await setOperatorPassword(t.db.prisma, SERVER_OPERATOR.email, SERVER_OPERATOR.password);
    server = await startServer({ port: await freePort(), databaseUrl: t.url });
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { origin: server.baseUrl, "content-type": "application/json" },
      body: JSON.stringify(SERVER_OPERATOR),
    });
    expect(login.status).toBe(200);
    cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith("operator_session="))!
      .split(";")[0];
  }, 600_000);

  afterAll(async () => {
    for (const abort of aborts) abort.abort();
    await server?.stop();
    await t?.drop();
  });

  function open(query = "", headers: Record<string, string> = {}) {
    const abort = new AbortController();
    aborts.push(abort);
    const response = fetch(`${server.baseUrl}/api/stream${query}`, { headers, signal: abort.signal });
    return { abort, response };
  }

  async function opened(query = "", headers: Record<string, string> = {}) {
    const { abort, response } = open(query, headers);
    const res = await response;
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await readUntil(reader, (text) => text.includes("event: ready"), 5000);
    return { abort, res, reader, first };
  }

  const openStreams = async () => {
    const metrics = await fetch(`${server.baseUrl}/api/metrics`, { headers: TOKEN });
    const line = (await metrics.text()).split("\n").find((l) => l.startsWith("dashboard_sse_streams_open "));
    return Number(line?.split(" ")[1]);
  };

  async function until(check: () => Promise<boolean>, what: string, ms = 5000) {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it("opens for an operator's session cookie with the SSE and security headers, not through Next.js", async () => {
    const { abort, res, first } = await opened("", { cookie });
    expect(first).toMatch(/^retry: 2000\nevent: ready\ndata: \{"at":"[^"]+"\}\n\n/);
    expect(
      Object.fromEntries([...res.headers].filter(([name]) => !["date", "transfer-encoding"].includes(name))),
    ).toEqual({
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "content-type": "text/event-stream; charset=utf-8",
      "cross-origin-opener-policy": "same-origin",
      "permissions-policy": expect.stringMatching(/camera=\(\)/),
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-accel-buffering": "no",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      // no `vary: rsc, next-router-state-tree, …`: Next.js's router adds it to what it answers
    });
    abort.abort();
  });

  it("refuses no credentials (401), a wrong token (401) and a bad query (400) with the error JSON", async () => {
    for (const [query, headers, status, code] of [
      ["", {}, 401, "unauthorized"],
      ["", { authorization: "Bearer wrong-token-0123456789abcdef" }, 401, "unauthorized"],
      ["", { cookie: "operator_session=forged" }, 401, "unauthorized"],
      ["?workspace=ws-1", {}, 400, "invalid_query"],
      [`?workspace=${"w".repeat(201)}&token=x`, {}, 400, "invalid_query"],
    ] as const) {
      const res = await open(query, headers).response;
      expect(res.status, `${query} ${JSON.stringify(headers)}`).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await res.json()).toEqual({ error: { code, message: expect.any(String) } });
    }
  });

  it("a customer link opens its workspace's stream; a forged or expired one is refused", async () => {
    const { abort } = await opened(`?workspace=ws-1&token=${await link("ws-1")}`);
    abort.abort();
    const forged = await open(
      `?workspace=ws-1&token=${await link("ws-1", { secret: "another-secret-0123456789abcdef" })}`,
    ).response;
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: "invalid_link" } });
    const other = await open(`?workspace=ws-2&token=${await link("ws-1")}`).response;
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { code: "invalid_link" } });
    const expired = await open(
      `?workspace=ws-1&token=${await link("ws-1", { expiresAt: new Date(Date.now() - 1000) })}`,
    ).response;
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ error: { code: "link_expired" } });
  });

  it("notices of a delivery reach the operator (with ids) and the workspace's customer (kinds only)", async () => {
    const operator = await opened("", TOKEN);
    const customer = await opened(`?workspace=ws-1&token=${await link("ws-1")}`);
    const elsewhere = await opened(`?workspace=ws-2&token=${await link("ws-2")}`);
    const delivery = signedRequest(consentEvent("CNS-NODE", "pending", "2024-01-10T17:00:00.000Z"), {
      url: `${server.baseUrl}/api/webhooks/inboxkit`,
    });
    expect((await fetch(delivery)).status).toBe(200);
    expect(await readUntil(operator.reader, (s) => s.includes("event: change"), 5000)).toMatch(
      /id: (\d+)\nevent: change\ndata: \{"count":1,"at":\d+,"last":\{"id":\1,"kind":"event","vendor":"inboxkit","entityType":"consent_request","entityUid":"CNS-NODE","workspaceId":"ws-1"/,
    );
    const seen = await readUntil(customer.reader, (s) => s.includes("event: change"), 5000);
    expect(seen).toMatch(
      /id: (\d+)\nevent: change\ndata: \{"count":1,"at":\d+,"last":\{"id":\1,"kind":"event","entityType":"consent_request"\}\}\n\n/,
    );
    expect(seen).not.toContain("CNS-");
    expect(await readUntil(elsewhere.reader, (s) => s.includes("event: change"), 500)).not.toContain("event: change");
    for (const stream of [operator, customer, elsewhere]) stream.abort.abort();
  });

  it("a client leaving closes its stream on the server", async () => {
    await until(async () => (await openStreams()) === 0, "the earlier tests' streams to close");
    const { abort } = await opened("", { cookie });
    expect(await openStreams()).toBe(1);
    abort.abort();
    await until(async () => (await openStreams()) === 0, "the stream count to drop");
  });

  it("a customer link's stream ends at the link's expiry", async () => {
    const expiresAt = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    const { reader } = await opened(`?workspace=ws-1&token=${await link("ws-1", { expiresAt })}`);
    await readToEnd(reader, 10_000);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime() - 50);
  });

  it("a graceful stop (SIGTERM) ends every open stream cleanly", async () => {
    const streams = [await opened("", { cookie }), await opened(`?workspace=ws-1&token=${await link("ws-1")}`)];
    const stopping = server.stop();
    for (const { reader } of streams) await readToEnd(reader, 10_000);
    await stopping;
  }, 30_000);
});
