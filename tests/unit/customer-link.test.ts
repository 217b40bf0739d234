import { describe, expect, it } from "vitest";
import {
  customerLinkKey,
  customerLinkPath,
  customerLinkSecret,
  newCustomerLinkPath,
  refusalMessage,
  signCustomerLink,
  verifyCustomerLink,
} from "@/lib/customer-link";
import { ConfigError } from "@/lib/config";
import { signToken } from "@/lib/tokens";

const SECRET = "unit-test-customer-link-secret-0123";
const NOW = new Date("2026-11-24T12:00:00.000Z");
const DAY = 24 * 3600 * 1000;

describe("customer links", () => {
  it("verifies a fresh token for its workspace and reports the expiry (14 days by default)", async () => {
    const token = await signCustomerLink("ws-acme", SECRET, { now: NOW });
    expect(await verifyCustomerLink(token, "ws-acme", SECRET, NOW)).toEqual({
      ok: true,
      workspaceId: "ws-acme",
      expiresAt: new Date(NOW.getTime() + 14 * DAY),
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it("refuses the token after its expiry, and exactly at it", async () => {
    const token = await signCustomerLink("ws-acme", SECRET, { now: NOW, days: 1 });
    expect((await verifyCustomerLink(token, "ws-acme", SECRET, new Date(NOW.getTime() + DAY - 1000))).ok).toBe(true);
    expect(await verifyCustomerLink(token, "ws-acme", SECRET, new Date(NOW.getTime() + DAY))).toMatchObject({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses another workspace, another secret, a missing or mangled token", async () => {
    const token = await signCustomerLink("ws-acme", SECRET, { now: NOW });
    expect(await verifyCustomerLink(token, "ws-other", SECRET, NOW)).toEqual({ ok: false, reason: "wrong_workspace" });
    expect(await verifyCustomerLink(token, "ws-acme", `${SECRET}x`, NOW)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(await verifyCustomerLink(null, "ws-acme", SECRET, NOW)).toEqual({ ok: false, reason: "missing" });
    expect(await verifyCustomerLink("", "ws-acme", SECRET, NOW)).toEqual({ ok: false, reason: "missing" });
    expect(await verifyCustomerLink("abc", "ws-acme", SECRET, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyCustomerLink(`${token}x`, "ws-acme", SECRET, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a token whose claims were edited (e.g. a later expiry), even with a well-formed signature part", async () => {
    const token = await signCustomerLink("ws-acme", SECRET, { now: NOW, days: 1 });
    const [, mac] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ workspaceId: "ws-acme", exp: Math.floor(NOW.getTime() / 1000) + 3650 * 86400 }),
    ).toString("base64url");
    expect(await verifyCustomerLink(`${forged}.${mac}`, "ws-acme", SECRET, NOW)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    // A flipped bit in the signature is caught too.
    const flipped = `${token.slice(0, -2)}${token.at(-2) === "A" ? "B" : "A"}${token.at(-1)}`;
    expect(await verifyCustomerLink(flipped, "ws-acme", SECRET, NOW)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses validly signed claims of the wrong shape", async () => {
    const token = await signToken("customer-link", { workspaceId: "ws-acme" }, customerLinkKey(SECRET), {
      now: NOW,
      expiresAt: new Date(NOW.getTime() + DAY),
    });
    expect(await verifyCustomerLink(token, "ws-acme", SECRET, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("builds the page path with the workspace and token encoded", () => {
    expect(customerLinkPath("ws 1/a", "t.k")).toBe("/onboarding/ws%201%2Fa?token=t.k");
  });

  it("makes a fresh page path that the configured secret verifies", async () => {
    process.env.CUSTOMER_LINK_SECRET = SECRET;
    const { path, expiresAt } = await newCustomerLinkPath("ws-acme", { days: 2, now: NOW });
    expect(expiresAt).toEqual(new Date(NOW.getTime() + 2 * DAY));
    const url = new URL(path, "http://x");
    expect(url.pathname).toBe("/onboarding/ws-acme");
    expect(await verifyCustomerLink(url.searchParams.get("token"), "ws-acme", SECRET, NOW)).toMatchObject({
      ok: true,
      expiresAt,
    });
  });

  it("requires a secret of at least 16 characters, naming the variable", () => {
    expect(() => customerLinkSecret({})).toThrow(ConfigError);
    expect(() => customerLinkSecret({ CUSTOMER_LINK_SECRET: "short" })).toThrow(/CUSTOMER_LINK_SECRET/);
    expect(customerLinkSecret({ CUSTOMER_LINK_SECRET: SECRET })).toBe(SECRET);
  });

  it("tells the customer plainly why the page did not open, without internals", () => {
    expect(refusalMessage({ ok: false, reason: "expired" })).toMatchObject({
      status: 403,
      title: "This link has expired",
    });
    expect(refusalMessage({ ok: false, reason: "missing" }).status).toBe(401);
    expect(refusalMessage({ ok: false, reason: "bad_signature" }).message).not.toMatch(/signature|hmac/i);
  });
});
