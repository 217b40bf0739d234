// The built app as `npm start` serves it (lib/cli/serve.ts + next.config.js + proxy.ts), over real
// HTTP: security headers on pages, API and static files; forwarded headers believed only from
// TRUSTED_PROXIES.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { setOperatorPassword } from "@/lib/auth/operators";
import { ensureBuilt, freePort, SERVER_OPERATOR, startServer, type AppServer } from "../helpers/server";

let db: TestDatabase;
let direct: AppServer; // nobody trusted: the client is the socket
let proxied: AppServer; // 127.0.0.1 is a trusted proxy

beforeAll(async () => {
  ensureBuilt();
  db = await freshDatabase("sqlite");
  await setOperatorPassword(db.db.prisma, SERVER_OPERATOR.email, SERVER_OPERATOR.password);
  direct = await startServer({ port: await freePort(), databaseUrl: db.url });
  proxied = await startServer({
    port: await freePort(),
    databaseUrl: db.url,
    env: { TRUSTED_PROXIES: "127.0.0.1/32, ::1" },
  });
}, 600_000);

afterAll(async () => {
  await Promise.all([direct?.stop(), proxied?.stop()]);
  await db?.drop();
});

const get = (server: AppServer, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, { headers, redirect: "manual" });

function expectCommonHeaders(response: Response) {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
  expect(response.headers.get("x-frame-options")).toBe("DENY");
}

describe("security headers", () => {
  it("pages get a nonce CSP that forbids framing, different on every request, and their scripts carry it", async () => {
    const first = await get(direct, "/login");
    expect(first.status).toBe(200);
    expectCommonHeaders(first);
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await get(direct, "/login");
    expect(/'nonce-([^']+)'/.exec(second.headers.get("content-security-policy")!)![1]).not.toBe(nonce);
  });

  it("the customer page sends no Referer", async () => {
    const response = await get(direct, "/onboarding/ws-x?token=nope");
    expectCommonHeaders(response);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toMatch(/'nonce-/);
  });

  it("an unknown page (404) is covered too", async () => {
    const response = await get(direct, "/no-such-page");
    expect(response.status).toBe(404);
    expectCommonHeaders(response);
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];
    for (const tag of [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]))
      expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("API answers (public, refused, or JSON) get a data-only CSP", async () => {
    for (const path of ["/api/health", "/api/overview"]) {
      const response = await get(direct, path);
      expectCommonHeaders(response);
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it("static files are nosniff", async () => {
    const html = await (await get(direct, "/login")).text();
    const asset = /(\/_next\/static\/[^"]+\.js)/.exec(html)![1];
    const response = await get(direct, asset);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("https and forwarded headers", () => {
  it("HSTS and upgrade-insecure-requests only when a trusted proxy says https", async () => {
    const spoofed = await get(direct, "/login", { "x-forwarded-proto": "https" });
    expect(spoofed.headers.get("strict-transport-security")).toBeNull();
    expect(spoofed.headers.get("content-security-policy")).not.toMatch(/upgrade-insecure-requests/);
    const viaProxy = await get(proxied, "/login", { "x-forwarded-proto": "https" });
    expect(viaProxy.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    expect(viaProxy.headers.get("content-security-policy")).toMatch(/upgrade-insecure-requests/);
    const api = await get(proxied, "/api/health", { "x-forwarded-proto": "https" });
    expect(api.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    expect((await get(proxied, "/login")).headers.get("strict-transport-security")).toBeNull();
  });

  it("a client cannot pick its address with X-Forwarded-For: forged values do not buy more sign-in attempts", async () => {
    const signIn = (server: AppServer, password: string, forwardedFor: string) =>
      fetch(`${server.baseUrl}/api/auth/login`, {
        method: "POST",
        headers: { origin: server.baseUrl, "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ email: SERVER_OPERATOR.email, password }),
      });
    for (let i = 0; i < 5; i++) expect((await signIn(direct, "wrong", `203.0.113.${i}`)).status).toBe(401);
    // Every attempt came from 127.0.0.1, whatever it claimed: that address now waits.
    expect((await signIn(direct, SERVER_OPERATOR.password, "198.51.100.1")).status).toBe(429);
    // Behind a trusted proxy (127.0.0.1 here), the forwarded address is the client's.
    for (let i = 0; i < 5; i++) expect((await signIn(proxied, "wrong", "203.0.113.50")).status).toBe(401);
    expect((await signIn(proxied, SERVER_OPERATOR.password, "203.0.113.50")).status).toBe(429);
    expect((await signIn(proxied, SERVER_OPERATOR.password, "198.51.100.2")).status).toBe(200);
  });
});

describe("keep-alive", () => {
  it("keeps an idle connection open past Node's 5 s default, so the client, not the server, closes it first", async () => {
    const socket = connect(direct.port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => void (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const ask = async () => {
      const before = received.length;
      socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n");
      for (let i = 0; i < 100 && !received.slice(before).includes("\r\n\r\n"); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      return received.slice(before);
    };
    expect((await ask()).slice(0, 12)).toBe("HTTP/1.1 200");
    const idle = await Promise.race([
      closed.then(() => "closed by the server"),
      new Promise((resolve) => setTimeout(() => resolve("still open"), 6_500)),
    ]);
    expect(idle).toBe("still open");
    expect((await ask()).slice(0, 12)).toBe("HTTP/1.1 200");
    socket.destroy();
  }, 20_000);
});
