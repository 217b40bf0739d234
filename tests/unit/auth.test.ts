import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_LIMIT, memoryThrottle, PAIR_LIMIT } from "@/lib/auth/rate-limit";
import {
  consumeLoginToken,
  createLoginToken,
  INVITE_LINK_TTL_MINUTES,
  LOGIN_LINK_TTL_MINUTES,
  peekLoginToken,
  UsedTokens,
} from "@/lib/auth/login-link";
import { actorOf } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import {
  bearerMatches,
  clearedSessionCookie,
  isSameOrigin,
  readCookie,
  sessionCookie,
  sessionTokenOf,
  SESSION_TTL_SECONDS,
} from "@/lib/auth/session";
import { secretsEqual } from "@/lib/auth/secrets";

const ENV = {
  SESSION_SECRET: "unit-session-secret-0123456789",
  DASHBOARD_API_TOKEN: "unit-api-token-0123456789abcdef",
};
const NOW = new Date("2026-01-01T12:00:00Z");
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
  Object.assign(process.env, ENV);
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("session cookies", () => {
  it("set an HttpOnly SameSite=Strict cookie on http, __Host- and Secure over https", () => {
    expect(sessionCookie("abc", false)).toMatch(
      /^operator_session=abc; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    expect(sessionCookie("abc", true)).toMatch(/; Secure$/);
    expect(sessionCookie("abc", true)).toBe(
      `__Host-operator_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_SECONDS}; Secure`,
    );
    expect(clearedSessionCookie(true)).toMatch(/^__Host-operator_session=; Path=\/; .*Max-Age=0; Secure$/);
    expect(readCookie("a=1; operator_session=xyz; b=2", "operator_session")).toBe("xyz");
    expect(readCookie("operator_session_x=1", "operator_session")).toBeNull();
  });

  it("are read under the name that fits the scheme the request came over", () => {
    const both = "operator_session=plain; __Host-operator_session=secure";
    const on = (proto: string) => new Headers({ cookie: both, host: "dash.example", "x-forwarded-proto": proto });
    expect(sessionTokenOf(on("https"))).toBe("secure");
    expect(sessionTokenOf(on("http"))).toBe("plain");
    expect(sessionTokenOf(new Headers({ cookie: both }), "https://dash.example/")).toBe("secure");
    expect(sessionTokenOf(new Headers({ cookie: "operator_session=plain" }), "https://dash.example/")).toBeNull();
  });
});

describe("passwords", () => {
  it("are stored as argon2id and checked against the hash", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
    expect(await verifyPassword(null, "correct horse battery")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});

describe("the audit actor", () => {
  it("is the operator's email, or api token for scripts", () => {
    expect(actorOf({ via: "session", id: "o1", email: "ops@example.com", sessionId: "s" })).toBe("ops@example.com");
    expect(actorOf({ via: "token" })).toBe("api token");
  });
});

describe("bearer token", () => {
  it("matches DASHBOARD_API_TOKEN exactly", () => {
    expect(bearerMatches(`Bearer ${ENV.DASHBOARD_API_TOKEN}`, ENV)).toBe(true);
    expect(bearerMatches(`bearer ${ENV.DASHBOARD_API_TOKEN}`, ENV)).toBe(true);
    expect(bearerMatches(`Bearer ${ENV.DASHBOARD_API_TOKEN}x`, ENV)).toBe(false);
    expect(bearerMatches(`Basic ${ENV.DASHBOARD_API_TOKEN}`, ENV)).toBe(false);
    expect(bearerMatches(null, ENV)).toBe(false);
  });

  it("is off when no (or a too short) token is configured", () => {
    expect(bearerMatches("Bearer anything", { DASHBOARD_API_TOKEN: "" })).toBe(false);
    expect(bearerMatches("Bearer short", { DASHBOARD_API_TOKEN: "short" })).toBe(false);
  });

  it("compares secrets of different lengths without throwing", () => {
    expect(secretsEqual("a", "a much longer secret")).toBe(false);
    expect(secretsEqual("same", "same")).toBe(true);
  });
});

describe("one-time login links", () => {
  it("work once", async () => {
    const used = new UsedTokens();
    const token = await createLoginToken(NOW, ENV);
    expect(await peekLoginToken(token, NOW, ENV)).toMatchObject({ sub: "login" });
    expect(await consumeLoginToken(token, used, later(1), ENV)).toMatchObject({ ok: true });
    expect(await consumeLoginToken(token, used, later(2), ENV)).toEqual({ ok: false, reason: "used" });
  });

  it("expire (30 minutes for the first account, a day for an invited email)", async () => {
    const token = await createLoginToken(NOW, ENV);
    expect(await consumeLoginToken(token, new UsedTokens(), later(LOGIN_LINK_TTL_MINUTES * 60), ENV)).toEqual({
      ok: false,
      reason: "expired",
    });
    const invite = await createLoginToken(NOW, ENV, { email: "new@example.com" });
    expect(await peekLoginToken(invite, later(LOGIN_LINK_TTL_MINUTES * 60), ENV)).toMatchObject({
      email: "new@example.com",
    });
    expect(await peekLoginToken(invite, later(INVITE_LINK_TTL_MINUTES * 60), ENV)).toBeNull();
  });

  it("refuse a forged or foreign token", async () => {
    const foreign = await createLoginToken(NOW, { SESSION_SECRET: "someone-elses-secret-0123" });
    expect(await consumeLoginToken(foreign, new UsedTokens(), NOW, ENV)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(await consumeLoginToken("not a token", new UsedTokens(), NOW, ENV)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(await consumeLoginToken(await createLoginToken(NOW, ENV), new UsedTokens(), NOW, {})).toEqual({
      ok: false,
      reason: "not_configured",
    });
  });
});

describe("failed-sign-in throttle", () => {
  it("limits one account from one address, not the same account from another address", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < PAIR_LIMIT.points; i++) {
      expect((await throttle.check("ops@example.com", "203.0.113.9")).allowed).toBe(true);
      await throttle.fail("ops@example.com", "203.0.113.9");
    }
    const limited = await throttle.check("ops@example.com", "203.0.113.9");
    expect(limited.allowed).toBe(false);
    expect(!limited.allowed && limited.retryAfterSeconds).toBeGreaterThan(0);
    expect((await throttle.check("OPS@example.com", "203.0.113.9")).allowed).toBe(false); // accounts are case-insensitive
    expect((await throttle.check("ops@example.com", "198.51.100.7")).allowed).toBe(true);
    expect((await throttle.check("other@example.com", "203.0.113.9")).allowed).toBe(true);
  });

  it("limits one address across accounts", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < CLIENT_LIMIT.points; i++) await throttle.fail(`user${i}@example.com`, "203.0.113.9");
    expect((await throttle.check("fresh@example.com", "203.0.113.9")).allowed).toBe(false);
    expect((await throttle.check("fresh@example.com", "198.51.100.7")).allowed).toBe(true);
  });

  it("forgets an account's failures from an address after a success there", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < PAIR_LIMIT.points - 1; i++) await throttle.fail("a", "ip");
    await throttle.succeed("a", "ip");
    await throttle.fail("a", "ip");
    expect((await throttle.check("a", "ip")).allowed).toBe(true);
  });
});

describe("cookies", () => {
  it("treats a malformed cookie value as absent instead of throwing", () => {
    expect(readCookie("operator_session=%E0%A4%A; other=1", "operator_session")).toBeNull();
    expect(readCookie("a=1; operator_session=x%20y", "operator_session")).toBe("x y");
  });
});

describe("origin checks", () => {
  const post = (headers: Record<string, string>) =>
    new Request("http://127.0.0.1:3101/api/auth/login", {
      method: "POST",
      headers: { host: "127.0.0.1:3101", ...headers },
    });

  it("accepts a request from this origin and refuses others or none", () => {
    expect(isSameOrigin(post({ origin: "http://127.0.0.1:3101" }))).toBe(true);
    expect(isSameOrigin(post({ referer: "http://127.0.0.1:3101/login" }))).toBe(true);
    expect(isSameOrigin(post({ origin: "http://evil.example" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "null" }))).toBe(false);
    expect(isSameOrigin(post({}))).toBe(false);
  });
});
