import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { redact } from "@/lib/redact";

describe("configuration", () => {
  const base = { INBOXKIT_WEBHOOK_SECRETS: "k1, k2", CREDENTIAL_FINGERPRINT_KEY: "0123456789abcdef" };

  it("parses key lists for rotation and applies defaults", () => {
    expect(parseConfig(base)).toMatchObject({
      INBOXKIT_WEBHOOK_SECRETS: ["k1", "k2"],
      INBOXKIT_SIGNATURE_SCHEME: "api-key-sha256",
      DATABASE_URL: "file:./data/dashboard.db",
      INKBOX_SIGNING_KEYS: [],
    });
  });

  it.each([
    [{ CREDENTIAL_FINGERPRINT_KEY: "0123456789abcdef" }, "INBOXKIT_WEBHOOK_SECRETS is not set"],
    [{ ...base, INBOXKIT_WEBHOOK_SECRETS: " , " }, "INBOXKIT_WEBHOOK_SECRETS holds no key"],
    [
      { ...base, INBOXKIT_SIGNATURE_SCHEME: "md5" },
      "INBOXKIT_SIGNATURE_SCHEME must be one of api-key-sha256, hmac-sha256",
    ],
    [{ ...base, CREDENTIAL_FINGERPRINT_KEY: "short" }, "CREDENTIAL_FINGERPRINT_KEY must be at least 16 characters"],
  ])("names the variable that is wrong", (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it("never echoes a secret value in its error", () => {
    expect(() => parseConfig({ ...base, CREDENTIAL_FINGERPRINT_KEY: "s3cr3t" })).toThrow(/^(?!.*s3cr3t)/s);
  });
});

describe("redact", () => {
  it("removes credential fields at any depth and in arrays, keeping everything else", () => {
    const input = {
      a: 1,
      password: "p",
      nested: { APP_PASSWORD: "x", list: [{ secret: "s", keep: true }], refresh_token: "r" },
    };
    expect(redact(input)).toEqual({ a: 1, nested: { list: [{ keep: true }] } });
    expect(input.password).toBe("p"); // the input is not mutated
  });
});
