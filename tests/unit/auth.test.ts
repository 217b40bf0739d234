import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLIENT_LIMIT, memoryThrottle, PAIR_LIMIT } from "@/lib/auth/rate-limit";
import {
  consumeLoginToken,
  createLoginToken,
  LOGIN_LINK_TTL_MINUTES,
  peekLoginToken,
  UsedTokens,
} from "@/lib/auth/login-link";
import { login } from "@/lib/auth/login";
import {
  bearerMatches,
  createSessionToken,
  isSameOrigin,
  readCookie,
  sessionCookie,
  SESSION_TTL_SECONDS,
  verifySessionToken,
} from "@/lib/auth/session";
import { secretsEqual } from "@/lib/auth/secrets";

const ENV = {
  SESSION_SECRET: "unit-session-secret-0123456789",
  DASHBOARD_PASSWORD: "correct horse",
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

describe("session tokens", () => {
  it("accept their own token until it expires", () => {
    const token = createSessionToken(NOW, ENV)!;
    expect(verifySessionToken(token, later(60), ENV)).toBe(true);
    expect(verifySessionToken(token, later(SESSION_TTL_SECONDS), ENV)).toBe(false);
  });

  it("refuse a token with one character changed, a wrong secret, or a changed password", () => {
    const token = createSessionToken(NOW, ENV)!;
    const flipped = token.slice(0, 5) + (token[5] === "A" ? "B" : "A") + token.slice(6);
    expect(verifySessionToken(flipped, NOW, ENV)).toBe(false);
    expect(verifySessionToken(token, NOW, { ...ENV, SESSION_SECRET: "another-secret-0123456789" })).toBe(false);
    expect(verifySessionToken(token, NOW, { ...ENV, DASHBOARD_PASSWORD: "new password" })).toBe(false);
  });

  it("cannot be made without a secret, and a login-link token is not a session", () => {
    expect(createSessionToken(NOW, { DASHBOARD_PASSWORD: "x" })).toBeNull();
    expect(createSessionToken(NOW, { ...ENV, SESSION_SECRET: "short" })).toBeNull();
    expect(verifySessionToken(createLoginToken(NOW, ENV), NOW, ENV)).toBe(false);
  });

  it("set an HttpOnly SameSite=Strict cookie, Secure only over https", () => {
    expect(sessionCookie("abc", false)).toMatch(
      /^operator_session=abc; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    expect(sessionCookie("abc", true)).toMatch(/; Secure$/);
    expect(readCookie("a=1; operator_session=xyz; b=2", "operator_session")).toBe("xyz");
    expect(readCookie("operator_session_x=1", "operator_session")).toBeNull();
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
  it("work once", () => {
    const used = new UsedTokens();
    const token = createLoginToken(NOW, ENV);
    expect(peekLoginToken(token, NOW, ENV)).toBe(true);
    expect(consumeLoginToken(token, later(1), ENV, used)).toEqual({ ok: true });
    expect(consumeLoginToken(token, later(2), ENV, used)).toEqual({ ok: false, reason: "used" });
  });

  it("expire", () => {
    const token = createLoginToken(NOW, ENV);
    expect(consumeLoginToken(token, later(LOGIN_LINK_TTL_MINUTES * 60), ENV, new UsedTokens())).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuse a forged or foreign token", () => {
    const foreign = createLoginToken(NOW, { SESSION_SECRET: "someone-elses-secret-0123" });
    expect(consumeLoginToken(foreign, NOW, ENV, new UsedTokens())).toEqual({ ok: false, reason: "bad_signature" });
    expect(consumeLoginToken("not a token", NOW, ENV, new UsedTokens())).toEqual({ ok: false, reason: "malformed" });
    expect(consumeLoginToken(createSessionToken(NOW, ENV), NOW, ENV, new UsedTokens()).ok).toBe(false);
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

describe("login", () => {
  it("opens a session with the right password and refuses a wrong one", async () => {
    const throttle = memoryThrottle();
    expect(await login({ password: "wrong" }, "ip", throttle, NOW)).toMatchObject({
      ok: false,
      status: 401,
      code: "invalid_password",
    });
    const ok = await login({ password: ENV.DASHBOARD_PASSWORD, next: "/mailboxes?status=active" }, "ip", throttle, NOW);
    expect(ok).toMatchObject({ ok: true, next: "/mailboxes?status=active" });
    expect(ok.ok && verifySessionToken(ok.session, NOW)).toBe(true);
  });

  it("answers 429 to the address that failed 5 times, even with the right password; other addresses sign in", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < 5; i++) await login({ password: "wrong" }, "ip", throttle, NOW);
    expect(await login({ password: ENV.DASHBOARD_PASSWORD }, "ip", throttle, NOW)).toMatchObject({
      ok: false,
      status: 429,
      code: "too_many_attempts",
    });
    expect((await login({ password: ENV.DASHBOARD_PASSWORD }, "other-ip", throttle, NOW)).ok).toBe(true);
  });

  it("failures spread over many addresses lock nobody else out", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < 200; i++)
      expect((await login({ password: "wrong" }, `10.0.${i >> 8}.${i & 255}`, throttle, NOW)).ok).toBe(false);
    expect((await login({ password: ENV.DASHBOARD_PASSWORD }, "192.0.2.1", throttle, NOW)).ok).toBe(true);
  });

  it("a valid one-time link signs in even from a throttled address; a bad one counts as a failure", async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < CLIENT_LIMIT.points; i++) await login({ token: "forged.token" }, "ip", throttle, NOW);
    expect(await login({ password: ENV.DASHBOARD_PASSWORD }, "ip", throttle, NOW)).toMatchObject({ status: 429 });
    const link = await login({ token: createLoginToken(NOW, ENV)! }, "ip", throttle, NOW);
    expect(link.ok).toBe(true);
  });

  it("is closed when no password is configured", async () => {
    delete process.env.DASHBOARD_PASSWORD;
    expect(await login({ password: "anything" }, "ip", memoryThrottle(), NOW)).toMatchObject({
      ok: false,
      status: 503,
    });
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
