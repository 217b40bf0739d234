import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FailureLimiter, newLoginLimiters, OVERALL_FAILURES_PER_MINUTE } from "@/lib/auth/rate-limit";
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

describe("failed-login limiter", () => {
  it("allows 5 failures a minute per client, then says how long to wait", () => {
    let clock = 0;
    const limiter = new FailureLimiter(5, 60_000, 100, () => clock);
    for (let i = 0; i < 5; i++) {
      expect(limiter.check("1.2.3.4").allowed).toBe(true);
      limiter.fail("1.2.3.4");
      clock += 1000;
    }
    expect(limiter.check("1.2.3.4")).toEqual({ allowed: false, retryAfterSeconds: 55 });
    expect(limiter.check("5.6.7.8").allowed).toBe(true);
    clock = 60_001;
    expect(limiter.check("1.2.3.4").allowed).toBe(true);
  });

  it("forgets a client's failures after a success", () => {
    const limiter = new FailureLimiter(2, 60_000, 100, () => 0);
    limiter.fail("a");
    limiter.fail("a");
    expect(limiter.check("a").allowed).toBe(false);
    limiter.succeed("a");
    expect(limiter.check("a").allowed).toBe(true);
  });

  it("stays bounded in memory", () => {
    const limiter = new FailureLimiter(1, 60_000, 3, () => 0);
    for (const key of ["a", "b", "c", "d"]) limiter.fail(key);
    expect(limiter.check("a").allowed).toBe(true); // evicted
    expect(limiter.check("d").allowed).toBe(false);
  });
});

describe("login", () => {
  it("opens a session with the right password and refuses a wrong one", () => {
    const limiter = newLoginLimiters();
    expect(login({ password: "wrong" }, "ip", limiter, NOW)).toMatchObject({
      ok: false,
      status: 401,
      code: "invalid_password",
    });
    const ok = login({ password: ENV.DASHBOARD_PASSWORD, next: "/mailboxes?status=active" }, "ip", limiter, NOW);
    expect(ok).toMatchObject({ ok: true, next: "/mailboxes?status=active" });
    expect(ok.ok && verifySessionToken(ok.session, NOW)).toBe(true);
  });

  it("answers 429 after 5 failures, even to the right password", () => {
    const limiter = newLoginLimiters();
    for (let i = 0; i < 5; i++) login({ password: "wrong" }, "ip", limiter, NOW);
    expect(login({ password: ENV.DASHBOARD_PASSWORD }, "ip", limiter, NOW)).toMatchObject({
      ok: false,
      status: 429,
      code: "too_many_attempts",
    });
    expect(login({ password: ENV.DASHBOARD_PASSWORD }, "other-ip", limiter, NOW).ok).toBe(true);
  });

  it("is closed when no password is configured", () => {
    delete process.env.DASHBOARD_PASSWORD;
    expect(login({ password: "anything" }, "ip", newLoginLimiters(), NOW)).toMatchObject({ ok: false, status: 503 });
  });

  it("caps failures across all addresses, so forged X-Forwarded-For values do not buy unlimited guesses", () => {
    const limiter = newLoginLimiters();
    for (let i = 0; i < OVERALL_FAILURES_PER_MINUTE; i++)
      expect(login({ password: "wrong" }, `10.0.0.${i}`, limiter, NOW).ok).toBe(false);
    expect(login({ password: ENV.DASHBOARD_PASSWORD }, "10.9.9.9", limiter, NOW)).toMatchObject({
      ok: false,
      status: 429,
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
