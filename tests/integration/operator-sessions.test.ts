// Operator accounts and server-side sessions through the real route handlers, on SQLite and
// PostgreSQL: sign-out ends the session for good (the old cookie answered 200 after logout before
// sessions were stored), sign out everywhere, idle and absolute limits on an injected clock, the
// __Host- cookie over https, set-password links used once even across a restart.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as loginPOST } from "@/app/api/auth/login/route";
import { POST as logoutPOST } from "@/app/api/auth/logout/route";
import { POST as logoutAllPOST } from "@/app/api/auth/logout-all/route";
import { GET as overviewGET } from "@/app/api/overview/route";
import { createLoginToken, databaseUsedTokens, consumeLoginToken } from "@/lib/auth/login-link";
import { addOperator, listOperators, removeOperator, setOperatorPassword } from "@/lib/auth/operators";
import { getOperator } from "@/lib/auth/session";
import { ABSOLUTE_LIFETIME_SECONDS, createSession, IDLE_TIMEOUT_SECONDS, validateSession } from "@/lib/auth/sessions";
import { openDatabase } from "@/lib/db/client";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const ORIGIN = "http://127.0.0.1:3101";
const HOST = "127.0.0.1:3101";
const PASSWORD = "a long operator password";

beforeAll(() => {
  Object.assign(process.env, {
    SESSION_SECRET: "sessions-session-secret-0123456789",
    DASHBOARD_API_TOKEN: "sessions-api-token-0123456789",
  });
});

let clients = 0;
const newClient = () => `198.19.${Math.floor(++clients / 250)}.${clients % 250}`;

type Headers = Record<string, string>;
const signIn = (body: Record<string, unknown>, headers: Headers = {}) =>
  loginPOST(
    new Request(`${ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: {
        host: HOST,
        origin: ORIGIN,
        "content-type": "application/json",
        "x-forwarded-for": newClient(),
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );
const overview = (cookie: string, headers: Headers = {}) =>
  overviewGET(new Request(`${ORIGIN}/api/overview`, { headers: { host: HOST, cookie, ...headers } }));
const signOut = (route: typeof logoutPOST, cookie: string, origin = ORIGIN) =>
  route(new Request(`${ORIGIN}/api/auth/logout`, { method: "POST", headers: { host: HOST, origin, cookie } }));
/** The `name=value` part of a Set-Cookie answer. */
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0];

describe.each(await providers())("operator sessions on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase(provider);
  });
  afterAll(async () => {
    await t.drop();
  });

  describe("the first account", () => {
    it("is made through the printed link while no account exists; that link and its twins then stop working", async () => {
      const first = (await createLoginToken())!;
      const second = (await createLoginToken())!;
      const weak = await signIn({ token: first, email: "Owner@Example.com", password: "short" });
      expect(weak.status).toBe(400);
      expect((await weak.json()).error.code).toBe("weak_password");
      const noEmail = await signIn({ token: first, password: PASSWORD });
      expect(noEmail.status).toBe(400);
      expect((await noEmail.json()).error.code).toBe("invalid_email");

      const made = await signIn({ token: first, email: "Owner@Example.com", password: PASSWORD, next: "/domains" });
      expect(made.status).toBe(200);
      expect(await made.json()).toEqual({ ok: true, next: "/domains" });
      expect((await overview(cookieOf(made))).status).toBe(200);
      expect((await listOperators(t.db.prisma)).map((o) => [o.email, o.hasPassword])).toEqual([
        ["owner@example.com", true],
      ]);

      const reused = await signIn({ token: first, email: "owner@example.com", password: PASSWORD });
      expect(reused.status).toBe(401);
      expect((await reused.json()).error.message).toMatch(/already used/);
      const twin = await signIn({ token: second, email: "intruder@example.com", password: PASSWORD });
      expect(twin.status).toBe(401);
      expect((await listOperators(t.db.prisma)).map((o) => o.email)).toEqual(["owner@example.com"]);
    });
  });

  describe("accounts", () => {
    beforeAll(async () => {
      await setOperatorPassword(t.db.prisma, "ana@example.com", PASSWORD);
      await setOperatorPassword(t.db.prisma, "ben@example.com", PASSWORD);
    });

    it("each operator signs in with their own email and password; a wrong one or an unknown email is the same 401", async () => {
      expect((await signIn({ email: "ana@example.com", password: PASSWORD })).status).toBe(200);
      expect((await signIn({ email: " ANA@example.com ", password: PASSWORD })).status).toBe(200);
      const wrong = await signIn({ email: "ana@example.com", password: `${PASSWORD}!` });
      const unknown = await signIn({ email: "nobody@example.com", password: PASSWORD });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect((await wrong.json()).error).toEqual((await unknown.json()).error);
      expect((await signIn({ password: PASSWORD })).status).toBe(400);
    });

    it("an added account has no password until its link is used; the link names the account", async () => {
      await addOperator(t.db.prisma, "cara@example.com");
      expect((await signIn({ email: "cara@example.com", password: "" })).status).toBe(400);
      expect((await signIn({ email: "cara@example.com", password: PASSWORD })).status).toBe(401);
      const link = (await createLoginToken(new Date(), process.env, { email: "cara@example.com" }))!;
      // the email typed on the form cannot redirect the link to another account
      const set = await signIn({ token: link, email: "ana@example.com", password: "cara's own password" });
      expect(set.status).toBe(200);
      expect((await signIn({ email: "cara@example.com", password: "cara's own password" })).status).toBe(200);
      expect((await signIn({ email: "ana@example.com", password: PASSWORD })).status).toBe(200);
    });

    it("removing an account ends its sessions and refuses its outstanding link", async () => {
      await addOperator(t.db.prisma, "dan@example.com");
      const link = (await createLoginToken(new Date(), process.env, { email: "dan@example.com" }))!;
      const late = (await createLoginToken(new Date(), process.env, { email: "dan@example.com" }))!;
      const cookie = cookieOf(await signIn({ token: link, password: PASSWORD }));
      expect((await overview(cookie)).status).toBe(200);
      expect(await removeOperator(t.db.prisma, "dan@example.com")).toBe(true);
      expect((await overview(cookie)).status).toBe(401);
      expect((await signIn({ token: late, password: PASSWORD })).status).toBe(401);
    });

    it("a new password ends the operator's other sessions", async () => {
      await setOperatorPassword(t.db.prisma, "eve@example.com", PASSWORD);
      const cookie = cookieOf(await signIn({ email: "eve@example.com", password: PASSWORD }));
      await setOperatorPassword(t.db.prisma, "eve@example.com", "a different password");
      expect((await overview(cookie)).status).toBe(401);
    });
  });

  describe("sign-out", () => {
    beforeAll(async () => {
      await setOperatorPassword(t.db.prisma, "fay@example.com", PASSWORD);
      await setOperatorPassword(t.db.prisma, "gus@example.com", PASSWORD);
    });

    it("regression: after logout the old cookie no longer reads /api/overview (it answered 200)", async () => {
      const cookie = cookieOf(await signIn({ email: "fay@example.com", password: PASSWORD }));
      expect((await overview(cookie)).status).toBe(200);
      const out = await signOut(logoutPOST, cookie);
      expect(out.status).toBe(303);
      expect(out.headers.get("location")).toBe("/login?signed_out=1");
      expect(out.headers.get("set-cookie")).toMatch(/^operator_session=; .*Max-Age=0/);
      expect((await overview(cookie)).status).toBe(401);
    });

    it("sign out everywhere ends every session of that operator, and no one else's", async () => {
      const laptop = cookieOf(await signIn({ email: "fay@example.com", password: PASSWORD }));
      const phone = cookieOf(await signIn({ email: "fay@example.com", password: PASSWORD }));
      const colleague = cookieOf(await signIn({ email: "gus@example.com", password: PASSWORD }));
      expect((await signOut(logoutAllPOST, phone, "https://evil.example")).status).toBe(403);
      expect((await overview(laptop)).status).toBe(200);

      const out = await signOut(logoutAllPOST, phone);
      expect(out.status).toBe(303);
      expect(out.headers.get("location")).toBe("/login?signed_out=1");
      expect((await overview(laptop)).status).toBe(401);
      expect((await overview(phone)).status).toBe(401);
      expect((await overview(colleague)).status).toBe(200);
    });

    it("the API token is not a session: scripts keep working and sign-out with it changes nothing", async () => {
      const bearer = { authorization: `Bearer ${process.env.DASHBOARD_API_TOKEN}` };
      const cookie = cookieOf(await signIn({ email: "gus@example.com", password: PASSWORD }));
      expect((await overview("", bearer)).status).toBe(200);
      expect((await getOperator(new Request(`${ORIGIN}/api/overview`, { headers: bearer })))?.via).toBe("token");
      expect((await overview(cookie)).status).toBe(200);
    });
  });

  describe("limits (injected clock)", () => {
    let operatorId: string;
    beforeAll(async () => {
      operatorId = (await setOperatorPassword(t.db.prisma, "hal@example.com", PASSWORD)).id;
    });
    const at = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);

    it("a session idle for 12 hours ends; one used within 12 hours goes on", async () => {
      const start = new Date("2026-03-02T08:00:00Z");
      const token = await createSession(t.db.prisma, operatorId, start);
      expect(await validateSession(t.db.prisma, token, at(start, IDLE_TIMEOUT_SECONDS - 1))).toMatchObject({
        email: "hal@example.com",
      });
      // seen at 12 h - 1 s: the idle clock restarts there
      const seen = at(start, IDLE_TIMEOUT_SECONDS - 1);
      expect(await validateSession(t.db.prisma, token, at(seen, IDLE_TIMEOUT_SECONDS - 1))).not.toBeNull();
      const quiet = at(seen, IDLE_TIMEOUT_SECONDS - 1);
      expect(await validateSession(t.db.prisma, token, at(quiet, IDLE_TIMEOUT_SECONDS))).toBeNull();
      const other = await createSession(t.db.prisma, operatorId, start);
      expect(await validateSession(t.db.prisma, other, at(start, IDLE_TIMEOUT_SECONDS))).toBeNull();
    });

    it("a session in daily use still ends 7 days after sign-in", async () => {
      const start = new Date("2026-03-10T08:00:00Z");
      const token = await createSession(t.db.prisma, operatorId, start);
      let now = start;
      for (let hours = 11; hours * 3600 < ABSOLUTE_LIFETIME_SECONDS; hours += 11) {
        now = at(start, hours * 3600);
        expect(await validateSession(t.db.prisma, token, now), `after ${hours} h`).not.toBeNull();
      }
      expect(await validateSession(t.db.prisma, token, at(start, ABSOLUTE_LIFETIME_SECONDS - 1))).not.toBeNull();
      expect(await validateSession(t.db.prisma, token, at(start, ABSOLUTE_LIFETIME_SECONDS))).toBeNull();
    });

    it("routes use the same clock: getOperator answers null past the idle limit", async () => {
      const start = new Date();
      const token = await createSession(t.db.prisma, operatorId, start);
      const request = new Request(`${ORIGIN}/api/overview`, {
        headers: { host: HOST, cookie: `operator_session=${token}` },
      });
      expect(await getOperator(request, at(start, 60))).toMatchObject({ via: "session", email: "hal@example.com" });
      expect(await getOperator(request, at(start, 60 + IDLE_TIMEOUT_SECONDS))).toBeNull();
    });
  });

  describe("cookie and storage", () => {
    beforeAll(async () => {
      await setOperatorPassword(t.db.prisma, "ivy@example.com", PASSWORD);
    });

    it("over https behind a trusted proxy the cookie is __Host- and Secure, and only that name is read", async () => {
      const https = { "x-forwarded-proto": "https" };
      const response = await signIn({ email: "ivy@example.com", password: PASSWORD }, https);
      expect(response.headers.get("set-cookie")).toMatch(
        /^__Host-operator_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=604800; Secure$/,
      );
      const cookie = cookieOf(response);
      expect((await overview(cookie, https)).status).toBe(200);
      const token = cookie.split("=")[1];
      expect((await overview(`operator_session=${token}`, https)).status).toBe(401);
      const out = await logoutPOST(
        new Request(`${ORIGIN}/api/auth/logout`, {
          method: "POST",
          headers: { host: HOST, origin: "https://127.0.0.1:3101", cookie, ...https },
        }),
      );
      expect(out.headers.get("set-cookie")).toMatch(/^__Host-operator_session=; .*Max-Age=0; Secure$/);
      expect((await overview(cookie, https)).status).toBe(401);
    });

    it("the database holds only a hash of the session token and of no password", async () => {
      const cookie = cookieOf(await signIn({ email: "ivy@example.com", password: PASSWORD }));
      const token = cookie.split("=")[1];
      const sessions = await t.db.prisma.operatorSession.findMany();
      const operators = await t.db.prisma.operator.findMany();
      const stored = JSON.stringify([sessions, operators]);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(PASSWORD);
      expect(operators.every((o) => o.passwordHash === null || o.passwordHash.startsWith("$argon2id$"))).toBe(true);
    });
  });

  describe("one-time links across restarts", () => {
    it("regression: a used link is refused after a restart (new module instances, same database)", async () => {
      await addOperator(t.db.prisma, "jo@example.com");
      const token = (await createLoginToken(new Date(), process.env, { email: "jo@example.com" }))!;
      expect((await signIn({ token, password: PASSWORD })).status).toBe(200);

      // A restart: nothing this process remembers survives, only the database.
      for (const key of Object.keys(globalThis)) if (key.startsWith("__used")) Reflect.deleteProperty(globalThis, key);
      vi.resetModules();
      const restarted = await import("@/app/api/auth/login/route");
      const again = await restarted.POST(
        new Request(`${ORIGIN}/api/auth/login`, {
          method: "POST",
          headers: { host: HOST, origin: ORIGIN, "content-type": "application/json", "x-forwarded-for": newClient() },
          body: JSON.stringify({ token, password: PASSWORD }),
        }),
      );
      expect(again.status).toBe(401);
      expect((await again.json()).error.code).toBe("invalid_link");
    });

    it("two instances on one database accept a link once between them", async () => {
      const [a, b] = [openDatabase(t.url), openDatabase(t.url)];
      await Promise.all([a.ready, b.ready]);
      try {
        const token = (await createLoginToken())!;
        const results = await Promise.all(
          [a, b, a, b].map((db) => consumeLoginToken(token, databaseUsedTokens(db.prisma))),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.reason === "used")).toHaveLength(3);
      } finally {
        await Promise.all([a.prisma.$disconnect(), b.prisma.$disconnect()]);
      }
    });
  });
});
