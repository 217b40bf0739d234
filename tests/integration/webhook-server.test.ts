// POST /api/webhooks/<vendor> as `npm start` serves it: lib/cli/serve.ts answers it from node:http
// itself (lib/webhooks/http-server.ts), outside Next.js's pipeline. Over real HTTP on both databases,
// each case is sent the same way to the route handler (app/api/webhooks/<vendor>/route.ts) and to
// node:http: the same status, the same answer, the same stored row, and next.config.js's security headers.
// Over raw sockets, what only this transport can get wrong: a client leaving mid-body (nothing stored,
// no answer, no socket left open), Expect: 100-continue, and a chunked body exactly at the cap.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as inboxKitPOST } from "@/app/api/webhooks/inboxkit/route";
import { POST as inkboxPOST } from "@/app/api/webhooks/inkbox/route";
import { applyForwarded } from "@/lib/cli/serve";
import { resetConfig, trustedProxies } from "@/lib/config";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { isWebhookRequest, serveWebhook } from "@/lib/webhooks/http-server";
import { INBOXKIT_MAX_BYTES } from "@/lib/webhooks/inboxkit/contract";
import { BENCH_BASELINE_NODE_PATH } from "@/lib/webhooks/bench-baseline";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";

const INKBOX_KEY = "whsec_webhook_server_test_key";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; reused?: boolean };

/** Sends `request`'s method, headers and bytes over HTTP; `declaredLength` replaces the real one, `chunked` sends none. */
async function overHttp(
  port: number,
  request: Request,
  options: { declaredLength?: number; chunked?: boolean; path?: string } = {},
): Promise<Answer> {
  const body = Buffer.from(await request.arrayBuffer());
  const headers = Object.fromEntries(request.headers);
  if (!options.chunked) headers["content-length"] = String(options.declaredLength ?? body.length);
  const url = new URL(request.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: request.method, path: options.path ?? url.pathname + url.search, headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    // A server that answers before reading everything may reset the connection while we write.
    req.on("error", reject);
    if (options.declaredLength !== undefined) req.end();
    else req.end(body);
  });
}

/**
 * Writes `request`'s head and then `body` (its own bytes by default) on a raw socket; "leave" destroys
 * the socket right after writing. Resolves with everything the server sent before the socket closed.
 */
async function overSocket(
  port: number,
  request: Request,
  options: { head?: (bytes: Buffer) => string; body?: (bytes: Buffer) => (Buffer | string)[]; leave?: boolean } = {},
): Promise<string> {
  const bytes = Buffer.from(await request.arrayBuffer());
  const headers = [...request.headers].map(([name, value]) => `${name}: ${value}\r\n`).join("");
  const head = `POST ${new URL(request.url).pathname} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n${headers}`;
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", () => undefined); // the server may reset a socket it stopped reading
    socket.on("close", () => resolve(answer));
    socket.write(head + (options.head?.(bytes) ?? `content-length: ${bytes.length}\r\n`) + "\r\n");
    for (const part of options.body?.(bytes) ?? [bytes]) socket.write(part);
    if (options.leave) socket.destroy();
  });
}

async function viaRoute(request: Request): Promise<Answer> {
  const route = request.url.endsWith("/inkbox") ? inkboxPOST : inboxKitPOST;
  const response = await route(request);
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** The answer without what differs between two deliveries (the event id). */
const shape = (answer: Answer) => {
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  return { status: answer.status, body: { ...body, event_id: typeof body.event_id } };
};

function inkboxRequest(n: number, raw?: string): Request {
  const payload =
    raw ??
    inkboxMessageEvent(
      "message.sent",
      {
        id: `msg_node_${n}`,
        mailboxEmail: `sender${n}@mail.example.com`,
        direction: "outbound",
        from: `sender${n}@mail.example.com`,
        to: ["maria@acme.com"],
        subject: `Subject ${n}`,
        createdAt: new Date(),
      },
      { at: new Date(), id: `evt_node_${n}` },
    );
  const signed = signInkbox(payload, { secret: INKBOX_KEY });
  return new Request("http://localhost/api/webhooks/inkbox", {
    method: "POST",
    headers: signed.headers,
    body: signed.body,
  });
}

describe.each(await providers())("POST /api/webhooks/<vendor> from the node:http server (%s)", (provider) => {
  let t: TestDatabase;
  let server: http.Server;
  let port: number;
  let n = 0;

  beforeAll(async () => {
    configureInboxKit();
    process.env.INKBOX_SIGNING_KEYS = INKBOX_KEY;
    resetConfig();
    t = await freshDatabase(provider);
    // As lib/cli/serve.ts dispatches: forwarded headers checked, webhook POSTs answered here.
    server = http.createServer((req, res) => {
      applyForwarded(req, trustedProxies());
      if (isWebhookRequest(req)) return void serveWebhook(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
  });

  const inboxKit = (extra: Parameters<typeof signedRequest>[1] = {}) => {
    n += 1;
    return signedRequest(mailboxEvent(`mb-node-${n}`, "active", new Date(Date.now() - n * 1000).toISOString()), extra);
  };

  /** The event row a delivery stored, without what differs between two deliveries. */
  async function storedEvent(entityUid: string) {
    const rows = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT "vendor", "event_type", "entity_type", "status", "outcome", "duplicate_count", "payload", "headers"
       FROM "webhook_events" WHERE "entity_uid" = ${provider === "sqlite" ? "?" : "$1"}`,
      entityUid,
    );
    expect(rows).toHaveLength(1);
    const { payload, headers, ...row } = rows[0];
    const kept = JSON.parse(String(headers)) as Record<string, string>;
    // Over HTTP a request also carries Content-Length, and lib/cli/serve.ts always sets X-Forwarded-For
    // (Next.js would see both too); a Request made in the test process for the route handler has neither.
    const keptHeaders = Object.keys(kept)
      .filter((name) => name !== "content-length" && name !== "x-forwarded-for")
      .sort();
    return { ...row, duplicate_count: Number(row.duplicate_count), payloadBytes: String(payload).length, keptHeaders };
  }

  it("stores an InboxKit delivery as the route handler does, and counts its retry as a duplicate", async () => {
    const [a, b] = [inboxKit(), inboxKit()];
    const [uidA, uidB] = [`mb-node-${n - 1}`, `mb-node-${n}`];
    const viaNode = await overHttp(port, b.clone());
    const route = await viaRoute(a.clone());
    expect(shape(viaNode)).toEqual(shape(route));
    expect(viaNode.status).toBe(200);
    expect(JSON.parse(viaNode.body)).toMatchObject({ received: true, outcome: "applied", duplicate: false });
    expect(await storedEvent(uidB)).toEqual(await storedEvent(uidA));
    const again = await overHttp(port, b);
    expect(JSON.parse(again.body)).toMatchObject({ outcome: "applied", duplicate: true });
    expect((await storedEvent(uidB)).duplicate_count).toBe(2);
  });

  it("stores an Inkbox delivery as the route handler does", async () => {
    n += 2;
    const viaNode = await overHttp(port, inkboxRequest(n));
    const route = await viaRoute(inkboxRequest(n - 1));
    expect(viaNode.status).toBe(200);
    expect(shape(viaNode)).toEqual(shape(route));
    const rowB = await storedEvent(`sender${n}@mail.example.com`);
    expect(rowB).toEqual(await storedEvent(`sender${n - 1}@mail.example.com`));
    expect(rowB).toMatchObject({ outcome: "applied", status: "sent" });
  });

  it.each([
    ["a missing signature", 401, "missing_signature", () => inboxKit({ headers: { "x-inboxkit-signature": null } })],
    ["a wrong signature", 401, "bad_signature", () => inboxKit({ secret: "not-the-secret" })],
    ["another content type", 415, "bad_content_type", () => inboxKit({ headers: { "content-type": "text/plain" } })],
    ["a signed body that is not JSON", 400, "malformed_json", () => signedRequest(Buffer.from("{not json"))],
    ["a signed body without its event", 400, "invalid_payload", () => signedRequest({ data: {} })],
    ["an Inkbox delivery signed with another key", 401, "bad_signature", () => inkboxRequest(++n).clone()],
  ])("refuses %s with %i as the route handler does", async (_what, status, code, make) => {
    const request = make();
    if (code === "bad_signature" && request.url.endsWith("/inkbox")) {
      process.env.INKBOX_SIGNING_KEYS = "whsec_another_key";
      resetConfig();
    }
    try {
      const [viaNode, route] = [await overHttp(port, request.clone()), await viaRoute(request)];
      expect(viaNode.status).toBe(status);
      expect(JSON.parse(viaNode.body)).toMatchObject({ error: { code } });
      expect(JSON.parse(viaNode.body)).toEqual(JSON.parse(route.body));
      expect(viaNode.status).toBe(route.status);
    } finally {
      process.env.INKBOX_SIGNING_KEYS = INKBOX_KEY;
      resetConfig();
    }
  });

  it("refuses a declared length over the cap unread (413) and closes the connection", async () => {
    const answer = await overHttp(port, inboxKit(), { declaredLength: INBOXKIT_MAX_BYTES + 1 });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "too_large" } });
    expect(answer.headers.connection).toBe("close");
  });

  it("stops reading a chunked body once it passes the cap (413), as the route handler does", async () => {
    const big = {
      ...mailboxEvent("mb-node-big", "active", new Date().toISOString()),
      pad: "x".repeat(INBOXKIT_MAX_BYTES),
    };
    const [viaNode, route] = [
      await overHttp(port, signedRequest(big), { chunked: true }).catch((error: Error) => ({
        status: 0,
        headers: {},
        body: error.message,
      })),
      await viaRoute(signedRequest(big)),
    ];
    expect(route.status).toBe(413);
    expect(viaNode.status, viaNode.body).toBe(413);
    expect(JSON.parse(viaNode.body)).toEqual(JSON.parse(route.body));
    const rows = await t.db.prisma.$queryRawUnsafe<{ size: number | bigint }[]>(
      `SELECT "size" FROM "rejected_deliveries" WHERE "reason" = 'too_large' ORDER BY "id"`,
    );
    // Both stopped right past the cap: neither read the whole body.
    for (const row of rows) expect(Number(row.size)).toBeLessThan(big.pad.length + 2000);
  });

  it("sends next.config.js's security headers for the API, and leaves other methods and paths to Next.js", async () => {
    const answer = await overHttp(port, inboxKit());
    expect(answer.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "content-type": "application/json",
    });
    const get = await overHttp(port, new Request("http://localhost/api/webhooks/inkbox"));
    expect(get.status).toBe(404); // not answered here: this test server's stand-in for Next.js
    const other = await overHttp(port, inboxKit(), { path: "/api/webhooks/inboxkit/" });
    expect(other.status).toBe(404);
    const query = await overHttp(port, inboxKit(), { path: "/api/webhooks/inboxkit?source=test" });
    expect(query.status).toBe(200);
  });
  const openConnections = () => new Promise<number>((resolve) => server.getConnections((_e, count) => resolve(count)));
  const storedCount = (uid: string) => t.db.prisma.webhookEvent.count({ where: { entityUid: uid } });

  it("a client that leaves mid-body: nothing stored or answered, its socket closed, the server still serving", async () => {
    server.closeIdleConnections(); // earlier tests' keep-alive connections: only this test's may remain
    const request = inboxKit();
    const uid = `mb-node-${n}`;
    const answer = await overSocket(port, request, { body: (bytes) => [bytes.subarray(0, 40)], leave: true });
    expect(answer).toBe("");
    await expect.poll(openConnections).toBe(0);
    expect(await storedCount(uid)).toBe(0);
    // On a new connection (the agent's pooled ones were closed above).
    expect((await overSocket(port, inboxKit())).slice(0, 12)).toBe("HTTP/1.1 200");
  });

  it("answers Expect: 100-continue, then stores the body that follows", async () => {
    const request = inboxKit();
    const answer = await overSocket(port, request, {
      head: (bytes) => `expect: 100-continue\r\ncontent-length: ${bytes.length}\r\n`,
    });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(await storedCount(`mb-node-${n}`)).toBe(1);
  });

  it("reads a chunked body of exactly the cap, and refuses one byte more (413)", async () => {
    const sized = (uid: string, size: number) => {
      const event = mailboxEvent(uid, "active", new Date().toISOString());
      const pad = size - Buffer.byteLength(JSON.stringify({ ...event, pad: "" }));
      return signedRequest({ ...event, pad: "x".repeat(pad) });
    };
    const chunked = (bytes: Buffer) => [`${bytes.length.toString(16)}\r\n`, bytes, "\r\n0\r\n\r\n"];
    for (const [uid, size, status] of [
      ["mb-node-at-cap", INBOXKIT_MAX_BYTES, "200"],
      ["mb-node-over-cap", INBOXKIT_MAX_BYTES + 1, "413"],
    ] as const) {
      const answer = await overSocket(port, sized(uid, size), {
        head: () => "transfer-encoding: chunked\r\n",
        body: chunked,
      });
      expect(answer.slice(0, 12), uid).toBe(`HTTP/1.1 ${status}`);
      expect(await storedCount(uid)).toBe(status === "200" ? 1 : 0);
    }
  });
});

describe("the bench baseline from node:http (BENCH_BASELINE_NODE_PATH, SQLite)", () => {
  let t: TestDatabase;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    configureInboxKit();
    resetConfig();
    t = await freshDatabase("sqlite");
    server = http.createServer((req, res) => {
      if (isWebhookRequest(req)) return void serveWebhook(req, res);
      res.writeHead(404).end(); // this test server's stand-in for Next.js
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    delete process.env.BENCH_BASELINE;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.drop();
  });

  const baseline = (extra: Parameters<typeof signedRequest>[1] = {}) =>
    overHttp(port, signedRequest(mailboxEvent("mb-baseline", "active", new Date().toISOString()), extra), {
      path: BENCH_BASELINE_NODE_PATH,
    });

  it("is not served without BENCH_BASELINE=1, and with it checks the signature and stores the body", async () => {
    delete process.env.BENCH_BASELINE;
    expect((await baseline()).status).toBe(404);
    process.env.BENCH_BASELINE = "1";
    const stored = await baseline();
    expect(stored.status, stored.body).toBe(200);
    expect(JSON.parse(stored.body)).toMatchObject({ received: true });
    expect((await baseline({ secret: "not-the-secret-at-all" })).status).toBe(401);
    const rows = await t.db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
      `SELECT COUNT(*) AS n FROM "bench_baseline"`,
    );
    expect(Number(rows[0].n)).toBe(1);
  });
});
