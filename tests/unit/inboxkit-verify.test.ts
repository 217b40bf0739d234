import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inboxKitSignature, verifyInboxKit } from "@/lib/webhooks/inboxkit/verify";
import { parseSha256Header } from "@/lib/webhooks/signature";

// Vectors from shared/vendor/NOTES.md.
const KEY = "test_api_key";
const BODY = Buffer.from('{"event":"mailbox.status_changed","timestamp":"2024-01-10T16:45:30.456Z","data":{}}');
const STATIC = "5dec7e1c36e8ec7f526cfa8ff6dc788daad76f6dd34467662eb47990dca6b55d";
const HMAC = "a20ffb9f6f115de810ed7d686e4d51e2ce0149edafc5e169244f203d9cdd835b";

describe("InboxKit signature vectors", () => {
  it("computes the documented static SHA-256 of the key", () => {
    expect(inboxKitSignature("api-key-sha256", KEY, BODY).toString("hex")).toBe(STATIC);
  });
  it("computes the documented HMAC of the body", () => {
    expect(inboxKitSignature("hmac-sha256", KEY, BODY).toString("hex")).toBe(HMAC);
  });
  it("accepts each vector under its scheme", () => {
    expect(verifyInboxKit(`sha256=${STATIC}`, BODY, [KEY], "api-key-sha256")).toEqual({
      ok: true,
      scheme: "api-key-sha256",
      keyIndex: 0,
    });
    expect(verifyInboxKit(`sha256=${HMAC}`, BODY, [KEY], "hmac-sha256")).toEqual({
      ok: true,
      scheme: "hmac-sha256",
      keyIndex: 0,
    });
  });
});

describe("InboxKit verification failures", () => {
  it("says which scheme a signature would have matched", () => {
    const wrongScheme = verifyInboxKit(`sha256=${HMAC}`, BODY, [KEY], "api-key-sha256");
    expect(wrongScheme).toMatchObject({ ok: false, reason: "bad_signature", matchedScheme: "hmac-sha256" });
    const other = verifyInboxKit(`sha256=${STATIC}`, BODY, [KEY], "hmac-sha256");
    expect(other).toMatchObject({ ok: false, reason: "bad_signature", matchedScheme: "api-key-sha256" });
  });

  it("refuses a wrong key under both schemes, matching neither", () => {
    for (const scheme of ["api-key-sha256", "hmac-sha256"] as const) {
      const header = `sha256=${inboxKitSignature(scheme, "another_key", BODY).toString("hex")}`;
      expect(verifyInboxKit(header, BODY, [KEY], scheme)).toMatchObject({
        ok: false,
        reason: "bad_signature",
        matchedScheme: null,
      });
    }
  });

  it("refuses one flipped body byte under HMAC, and says the static scheme does not cover the body", () => {
    const flipped = Buffer.from(BODY);
    flipped[10] ^= 0x01;
    expect(verifyInboxKit(`sha256=${HMAC}`, flipped, [KEY], "hmac-sha256")).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
    // The static scheme signs the key only: a changed body still passes. This is why the UI warns about it.
    expect(verifyInboxKit(`sha256=${STATIC}`, flipped, [KEY], "api-key-sha256").ok).toBe(true);
  });

  it("accepts any key of a rotation list, and reports which", () => {
    const header = `sha256=${inboxKitSignature("hmac-sha256", "new_key", BODY).toString("hex")}`;
    expect(verifyInboxKit(header, BODY, ["old_key", "new_key"], "hmac-sha256")).toEqual({
      ok: true,
      scheme: "hmac-sha256",
      keyIndex: 1,
    });
    expect(verifyInboxKit(header, BODY, ["old_key"], "hmac-sha256").ok).toBe(false);
    expect(verifyInboxKit(header, BODY, [], "hmac-sha256").ok).toBe(false);
  });

  it.each([
    ["missing", null, "missing_signature"],
    ["empty", "", "missing_signature"],
    ["blank", "   ", "missing_signature"],
    ["no prefix", STATIC, "bad_signature"],
    ["other algorithm", `sha1=${STATIC}`, "bad_signature"],
    ["prefix only", "sha256=", "bad_signature"],
    ["short", `sha256=${STATIC.slice(0, 63)}`, "bad_signature"],
    ["long", `sha256=${STATIC}0`, "bad_signature"],
    ["non-hex", `sha256=${STATIC.slice(0, 63)}g`, "bad_signature"],
    ["two signatures", `sha256=${STATIC},sha256=${STATIC}`, "bad_signature"],
    ["base64 digest", `sha256=${Buffer.from(STATIC, "hex").toString("base64")}`, "bad_signature"],
    ["unicode", `sha256=${STATIC.slice(0, 63)}é`, "bad_signature"],
  ])("refuses a %s header without throwing", (_name, header, reason) => {
    expect(verifyInboxKit(header, BODY, [KEY], "api-key-sha256")).toMatchObject({ ok: false, reason });
  });

  it("tolerates letter case and surrounding spaces in the header value", () => {
    expect(verifyInboxKit(`  SHA256=${STATIC.toUpperCase()} `, BODY, [KEY], "api-key-sha256").ok).toBe(true);
  });

  it("never throws on arbitrary header strings and bodies", () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array(), (header, body) => {
        const result = verifyInboxKit(header, Buffer.from(body), [KEY], "hmac-sha256");
        expect(typeof result.ok).toBe("boolean");
      }),
    );
  });

  it("parses only sha256=<64 hex>", () => {
    expect(parseSha256Header(`sha256=${STATIC}`)?.toString("hex")).toBe(STATIC);
    expect(parseSha256Header(null)).toBeNull();
    expect(parseSha256Header("sha256")).toBeNull();
  });
});
