// QUARANTINE_KEY and the retention periods: defaults, and a malformed value stops start-up with a
// message naming the variable (never echoing a key).
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { GENERATED } from "@/lib/cli/local-env";

const base = { INBOXKIT_WEBHOOK_SECRETS: "k1", CREDENTIAL_FINGERPRINT_KEY: "0123456789abcdef" };

describe("forensics configuration", () => {
  it("defaults: no quarantine key, payloads kept 90 days, refusals 30", () => {
    expect(parseConfig(base).QUARANTINE_KEY).toBeUndefined();
    expect(parseConfig(base)).toMatchObject({
      EVENT_PAYLOAD_RETENTION_DAYS: 90,
      REFUSED_RETENTION_DAYS: 30,
    });
  });

  it("takes a 32-byte key in base64 or base64url, and whole days", () => {
    const key = Buffer.alloc(32, 0xfb);
    for (const text of [key.toString("base64"), key.toString("base64url")]) {
      expect(parseConfig({ ...base, QUARANTINE_KEY: text }).QUARANTINE_KEY).toEqual(key);
    }
    expect(parseConfig({ ...base, EVENT_PAYLOAD_RETENTION_DAYS: "7", REFUSED_RETENTION_DAYS: " 365 " })).toMatchObject({
      EVENT_PAYLOAD_RETENTION_DAYS: 7,
      REFUSED_RETENTION_DAYS: 365,
    });
  });

  it.each([
    ["QUARANTINE_KEY", "too-short-key", "QUARANTINE_KEY must be 32 bytes"],
    ["QUARANTINE_KEY", Buffer.alloc(31).toString("base64"), "QUARANTINE_KEY must be 32 bytes"],
    ["QUARANTINE_KEY", `${"a".repeat(42)}!!`, "QUARANTINE_KEY must be 32 bytes"],
    ["EVENT_PAYLOAD_RETENTION_DAYS", "0", "EVENT_PAYLOAD_RETENTION_DAYS must be a whole number of days"],
    ["EVENT_PAYLOAD_RETENTION_DAYS", "90d", "EVENT_PAYLOAD_RETENTION_DAYS must be a whole number of days"],
    ["REFUSED_RETENTION_DAYS", "-1", "REFUSED_RETENTION_DAYS must be a whole number of days"],
    ["REFUSED_RETENTION_DAYS", "1.5", "REFUSED_RETENTION_DAYS must be a whole number of days"],
  ])("%s=%s stops start-up naming the variable", (name, value, message) => {
    expect(() => parseConfig({ ...base, [name]: value })).toThrow(message);
    if (name === "QUARANTINE_KEY") expect(() => parseConfig({ ...base, [name]: value })).toThrow(/^(?!.*too-short)/s);
  });

  it("a first run generates a valid QUARANTINE_KEY", () => {
    expect(parseConfig({ ...base, QUARANTINE_KEY: GENERATED.QUARANTINE_KEY() }).QUARANTINE_KEY).toHaveLength(32);
  });
});
