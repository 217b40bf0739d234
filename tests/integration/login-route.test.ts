// POST /api/auth/login as a browser or a script calls it: real Requests against the route handler,
// with the failed-sign-in counters in a real SQLite file and a real PostgreSQL database.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as loginPOST } from "@/app/api/auth/login/route";
import { POST as logoutPOST } from "@/app/api/auth/logout/route";
import { createLoginToken } from "@/lib/auth/login-link";
import { databaseThrottle, PAIR_LIMIT } from "@/lib/auth/rate-limit";
import { openDatabase } from "@/lib/db/client";
import { setOperatorPassword } from "@/lib/auth/operators";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const ORIGIN = "http://127.0.0.1:3101";
const PASSWORD = "integration password";
const EMAIL = "ops@example.com";

beforeAll(() => {
  Object.assign(process.env, {
    SESSION_SECRET: "integration-session-secret-0123456789",
    DASHBOARD_API_TOKEN: "integration-api-token-0123456789",
  });
});

let clients = 0;
/** A client address of its own for each call site, so tests do not share counters. */
const newClient = () => `198.18.${Math.floor(++clients / 250)}.${clients % 250}`;

const post = (body: BodyInit, headers: Record<string, string>) =>
  loginPOST(
    new Request(`${ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: { host: "127.0.0.1:3101", origin: ORIGIN, ...headers },
      body,
      duplex: "half",
    } as RequestInit),
  );
/** Sign-ins are for the operator EMAIL unless the fields say otherwise. */
const formPost = (fields: Record<string, string>, client: string) =>
  post(new URLSearchParams({ email: EMAIL, ...fields }), { "x-forwarded-for": client });
const jsonPost = (body: Record<string, unknown>, client: string) =>
  post(JSON.stringify({ email: EMAIL, ...body }), { "content-type": "application/json", "x-forwarded-for": client });

describe.each(await providers())("POST /api/auth/login on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
    await setOperatorPassword(t.db.prisma, EMAIL, PASSWORD);
  });
  afterAll(async () => {
    await t.drop();
  });

  describe("sign-in and sign-out", () => {
    it("refuses a cross-origin post", async () => {
      const response = await post(JSON.stringify({ email: EMAIL, password: PASSWORD }), {
        origin: "http://evil.example",
        "content-type": "application/json",
        "x-forwarded-for": newClient(),
      });
      expect(response.status).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
    });

    it("sets an HttpOnly SameSite=Strict session for the right password", async () => {
      const response = await jsonPost({ password: PASSWORD, next: "/mailboxes" }, newClient());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, next: "/mailboxes" });
      expect(response.headers.get("set-cookie")).toMatch(
        /^operator_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
      );
    });

    it("a form post redirects (303) to the next page or back to the login page", async () => {
      const client = newClient();
      const bad = await formPost({ password: "wrong", next: "/requests" }, client);
      expect(bad.status).toBe(303);
      expect(bad.headers.get("location")).toBe("/login?error=invalid_password&next=%2Frequests");
      const good = await formPost({ password: PASSWORD, next: "/requests" }, client);
      expect(good.status).toBe(303);
      expect(good.headers.get("location")).toBe("/requests");
    });

    it("logout clears the cookie", async () => {
      const response = await logoutPOST(
        new Request(`${ORIGIN}/api/auth/logout`, {
          method: "POST",
          headers: { host: "127.0.0.1:3101", origin: ORIGIN },
        }),
      );
      expect(response.status).toBe(303);
      expect(response.headers.get("set-cookie")).toMatch(/^operator_session=; .*Max-Age=0/);
    });
  });

  describe("the next parameter", () => {
    it("a non-ASCII next redirects instead of answering 500", async () => {
      const response = await formPost({ password: PASSWORD, next: "/\u3002" }, newClient());
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/%E3%80%82");
    });

    it("property: any next gives a 303 to this site, signed in or refused", async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "binary", maxLength: 30 }), fc.boolean(), async (next, right) => {
          const response = await formPost({ password: right ? PASSWORD : "wrong", next: `/${next}` }, newClient());
          expect(response.status).toBe(303);
          expect(new URL(response.headers.get("location")!, ORIGIN).origin).toBe(ORIGIN);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("the body cap", () => {
    const CHUNK = 16 * 1024;
    /** A body of `total` bytes made on demand, counting what the route actually pulled. */
    function endless(total: number) {
      const counter = { pulled: 0 };
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (counter.pulled >= total) return controller.close();
          counter.pulled += CHUNK;
          controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
        },
      });
      return { stream, counter };
    }

    it("refuses a declared length over 8 KiB with 413, unread", async () => {
      const { stream, counter } = endless(64 * 1024 * 1024);
      const response = await post(stream, {
        "content-type": "application/json",
        "content-length": String(64 * 1024 * 1024),
        "x-forwarded-for": newClient(),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: { code: "too_large", message: expect.stringMatching(/8 KiB/) } });
      expect(counter.pulled).toBeLessThanOrEqual(2 * CHUNK);
    });

    it("stops reading a chunked body at the cap (JSON and form)", async () => {
      for (const type of ["application/json", "application/x-www-form-urlencoded"]) {
        const { stream, counter } = endless(64 * 1024 * 1024);
        const response = await post(stream, { "content-type": type, "x-forwarded-for": newClient() });
        expect(response.status).toBe(413);
        expect(counter.pulled).toBeLessThanOrEqual(8 * 1024 + 2 * CHUNK);
      }
    });

    it("still accepts a normal JSON or form sign-in", async () => {
      expect((await jsonPost({ password: PASSWORD }, newClient())).status).toBe(200);
      const form = await formPost({ password: PASSWORD, next: "/requests" }, newClient());
      expect(form.status).toBe(303);
      expect(form.headers.get("location")).toBe("/requests");
    });
  });

  describe("failed sign-ins cannot lock operators out", () => {
    it("30 failures from forged addresses leave the right password working for the operator", async () => {
      for (let i = 0; i < 30; i++) expect((await jsonPost({ password: "wrong" }, `203.0.113.${i}`)).status).toBe(401);
      expect((await jsonPost({ password: PASSWORD }, newClient())).status).toBe(200);
    });

    it("the failing address itself waits: 401 five times, then 429 with Retry-After, even for the right password", async () => {
      const attacker = newClient();
      for (let i = 0; i < PAIR_LIMIT.points; i++)
        expect((await jsonPost({ password: "wrong" }, attacker)).status).toBe(401);
      const limited = await jsonPost({ password: PASSWORD }, attacker);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await jsonPost({ password: PASSWORD }, newClient())).status).toBe(200);
    });

    it("a valid one-time link signs in from a throttled address", async () => {
      const attacker = newClient();
      for (let i = 0; i < 25; i++) await jsonPost({ password: "wrong" }, attacker);
      expect((await jsonPost({ password: PASSWORD }, attacker)).status).toBe(429);
      const link = (await createLoginToken(new Date(), process.env, { email: EMAIL }))!;
      expect((await jsonPost({ token: link, password: PASSWORD }, attacker)).status).toBe(200);
    });

    it("instances sharing the database share the counters", async () => {
      const [a, b] = [openDatabase(t.url), openDatabase(t.url)];
      await Promise.all([a.ready, b.ready]);
      try {
        const [one, two] = [databaseThrottle(a.prisma), databaseThrottle(b.prisma)];
        const client = newClient();
        for (let i = 0; i < PAIR_LIMIT.points; i++) await (i % 2 ? one : two).fail("ops@example.com", client);
        expect((await two.check("ops@example.com", client)).allowed).toBe(false);
        expect((await one.check("ops@example.com", client)).allowed).toBe(false);
        await one.succeed("ops@example.com", client);
        expect((await two.check("ops@example.com", client)).allowed).toBe(true);
      } finally {
        await Promise.all([a.prisma.$disconnect(), b.prisma.$disconnect()]);
      }
    });
  });
});
