// Redaction by normalised key pattern (issue 10 item 13): a random secret under any key that names a
// credential (password, passwd, secret, token, api key, credential, recovery), however it is spelt
// (case, `_ - . space` separators, camelCase, invisible characters), at any depth, and under
// change_details entries whose `field` names one, never survives redact(); everything else does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { credentialsFingerprint, isSensitiveKey, normaliseKey, redact } from "@/lib/redact";
import { withoutContent } from "@/lib/webhooks/inkbox/parse";
import { sensitiveKey } from "../helpers/canaries";

const canary = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/).map((s) => `cnry${s}`);
const benignKey = fc.constantFrom("data", "items", "mailbox", "metadata", "nested", "x", "list", "reason");

/** A JSON value holding `secret` under `key` at a random depth (objects and arrays), with benign siblings. */
const planted = (key: string, secret: string) =>
  fc.array(fc.tuple(benignKey, fc.boolean()), { maxLength: 8 }).map((path) => {
    let value: unknown = { [key]: secret, keep: "visible" };
    for (const [name, asArray] of path.reverse()) value = { [name]: asArray ? [value, 1] : value, status: "ok" };
    return value;
  });

describe("redact by normalised key pattern", () => {
  it("removes a canary under any spelling of a credential key at any depth", () => {
    fc.assert(
      fc.property(
        sensitiveKey,
        canary,
        sensitiveKey.chain((k) => canary.chain((s) => planted(k, s).map((v) => [k, s, v] as const))),
        (key, secret, [, deepSecret, deep]) => {
          const out = JSON.stringify(redact({ [key]: secret, deep }));
          expect(out).not.toContain(secret);
          expect(out).not.toContain(deepSecret);
          expect(out).toContain("visible");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("redacts the values of change_details entries whose field names a credential", () => {
    fc.assert(
      fc.property(sensitiveKey, canary, canary, fc.constantFrom("field", "field_name", "name", "key"), (f, a, b, n) => {
        const details = {
          changes: [
            { [n]: f, old_value: a, new_value: b },
            { [n]: "status", old_value: "x" },
          ],
        };
        const out = redact({ data: { change_details: details } }) as { data: { change_details: typeof details } };
        const text = JSON.stringify(out);
        expect(text).not.toContain(a);
        expect(text).not.toContain(b);
        expect(out.data.change_details.changes[0][n]).toBe(f); // which field changed stays visible
        expect(out.data.change_details.changes[1]).toEqual({ [n]: "status", old_value: "x" });
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    "smtp_password",
    "imap_password",
    "totp_secret",
    "client_secret",
    "access_token",
    "api_key",
    "apiKey",
    "X-Api-Key",
    "recovery_codes",
    "pass\u200bword",
    "Credentials",
    "db.passwd",
  ])("removes %s", (key) => {
    expect(redact({ [key]: "cnry-x", keep: 1 })).toEqual({ keep: 1 });
  });

  it.each(["status", "email", "uid", "consent_url", "client_id", "changed_fields", "workspace_id", "domain_name"])(
    "keeps %s",
    (key) => {
      expect(redact({ [key]: "v" })).toEqual({ [key]: "v" });
    },
  );

  it("keeps the list of changed field names (names are not secrets)", () => {
    expect(redact({ changed_fields: ["password", "status"] })).toEqual({ changed_fields: ["password", "status"] });
  });

  it("isSensitiveKey normalises case, separators, camelCase and invisible characters", () => {
    expect(isSensitiveKey("API\u200b-KEY")).toBe(true);
    expect(isSensitiveKey("refreshToken")).toBe(true);
    expect(isSensitiveKey("status_text")).toBe(false);
  });

  it("keeps the keyed fingerprint of the three mailbox credential fields", () => {
    const key = "fingerprint-key-0123456789";
    const a = credentialsFingerprint({ password: "p", app_password: "a", secret: "s" }, key);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(credentialsFingerprint({ password: "p", app_password: "a", secret: "s", other: 1 }, key)).toBe(a);
    expect(credentialsFingerprint({ password: "q", app_password: "a", secret: "s" }, key)).not.toBe(a);
  });
});

describe("Inkbox message content", () => {
  it.each(["content", "preview", "text_content", "markdown", "html", "Text-Content", "Mark\u200bdown", "textContent"])(
    "keeps %s out of a stored payload at any depth",
    (key) => {
      const stored = JSON.stringify(
        withoutContent({ data: { message: { id: "m1", nested: [{ [key]: "cnry-body" }] } } }),
      );
      expect(stored).not.toContain("cnry-body");
      expect(stored).toContain("m1");
    },
  );
});

describe("normaliseKey", () => {
  /** The rule as written in lib/redact.ts, without its ASCII shortcut and its memo. */
  const rule = (key: string) =>
    key
      .normalize("NFKC")
      .replace(/[\p{Cf}\p{Cc}\p{Z}\u180e\u034f\u115f\u1160\u3164\uffa0]/gu, "")
      .toLowerCase()
      .replace(/[\s_\-.:/\\]+/g, "");

  it("gives the rule's answer for any key, the first time and again (ASCII, full Unicode, long keys)", () => {
    const key = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ minLength: 60, maxLength: 200 }),
    );
    fc.assert(
      fc.property(key, (k) => {
        expect(normaliseKey(k)).toBe(rule(k));
        expect(normaliseKey(k)).toBe(rule(k));
      }),
      { numRuns: 3000 },
    );
  });
});
