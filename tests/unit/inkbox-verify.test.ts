// The Inkbox verifier: the vendor's vector, the ±300 s window in both directions, key rotation, the
// whsec_ prefix, and every malformed header. A fixture builder signs a correct delivery; each test
// changes one thing and sees what that one change does.
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config";
import {
  inkboxSignature,
  parseInkboxTimestamp,
  verifyInkbox,
  type InkboxSignedHeaders,
} from "@/lib/webhooks/inkbox/verify";
import { signInkbox } from "@/lib/simulator/inkbox";

const KEY = "test_inkbox_signing_key";
const VECTOR_BODY = '{"event":"message.received","data":{}}';
const VECTOR_SIGNATURE = "sha256=684bca647a5c87d814c683186244053196fc3a2397edf2022eab6dbb985b295d";
const T = 1_700_000_000;
const NOW = new Date(T * 1000);
const BODY = Buffer.from(
  '{"id":"evt_1","event_type":"message.sent","timestamp":"2023-11-14T22:13:20.000Z","data":{"message":{"id":"msg_1"}}}',
);

function signed(options: { key?: string; requestId?: string; timestamp?: string; body?: Buffer } = {}): {
  headers: InkboxSignedHeaders;
  body: Buffer;
} {
  const requestId = options.requestId ?? "req_123";
  const timestamp = options.timestamp ?? String(T);
  const body = options.body ?? BODY;
  const signature = `sha256=${inkboxSignature(options.key ?? KEY, requestId, timestamp, body).toString("hex")}`;
  return { headers: { signature, requestId, timestamp }, body };
}

const verify = (d: { headers: InkboxSignedHeaders; body: Buffer }, keys = [KEY], now = NOW) =>
  verifyInkbox(d.headers, d.body, keys, now);
const withHeader = (name: keyof InkboxSignedHeaders, value: string | null) => {
  const d = signed();
  return { ...d, headers: { ...d.headers, [name]: value } };
};

describe("verifyInkbox: the vendor's test vector", () => {
  it("computes sha256=684bca64… for req_123.1700000000.<body> under test_inkbox_signing_key", () => {
    expect(`sha256=${inkboxSignature(KEY, "req_123", "1700000000", Buffer.from(VECTOR_BODY)).toString("hex")}`).toBe(
      VECTOR_SIGNATURE,
    );
  });

  it("accepts the vector's request at its own time", () => {
    const headers = { signature: VECTOR_SIGNATURE, requestId: "req_123", timestamp: "1700000000" };
    expect(verifyInkbox(headers, Buffer.from(VECTOR_BODY), [KEY], NOW)).toEqual({
      ok: true,
      keyIndex: 0,
      timestamp: T,
    });
  });

  it("the simulator's signer produces the same headers", () => {
    const d = signInkbox(VECTOR_BODY, { secret: KEY, requestId: "req_123", sentAt: NOW });
    expect(d.headers).toMatchObject({
      "X-Inkbox-Request-ID": "req_123",
      "X-Inkbox-Timestamp": "1700000000",
      "X-Inkbox-Signature": VECTOR_SIGNATURE,
    });
  });
});

describe("verifyInkbox: timestamp window (300 s, both directions)", () => {
  it.each([
    [-301, false],
    [-300, true],
    [-299, true],
    [0, true],
    [299, true],
    [300, true],
    [301, false],
  ])("a request signed %i s from now → ok=%s", (offset, ok) => {
    const result = verify(signed({ timestamp: String(T + offset) }));
    expect(result.ok).toBe(ok);
    if (!ok)
      expect(result).toMatchObject({
        reason: "stale_timestamp",
        detail: expect.stringContaining(offset < 0 ? "in the past" : "in the future"),
      });
  });

  it("counts whole seconds of the clock (a clock 0.999 s later is still the same second)", () => {
    expect(verify(signed({ timestamp: String(T - 300) }), [KEY], new Date(T * 1000 + 999)).ok).toBe(true);
    expect(verify(signed({ timestamp: String(T - 300) }), [KEY], new Date((T + 1) * 1000)).ok).toBe(false);
  });

  it("a replay of a correctly signed request later than 300 s is refused even though the signature is right", () => {
    expect(verify(signed(), [KEY], new Date((T + 3600) * 1000))).toMatchObject({
      ok: false,
      reason: "stale_timestamp",
    });
  });
});

describe("verifyInkbox: keys", () => {
  it("rotation: a request signed with the old key and one with the new key both pass while both are configured", () => {
    expect(verify(signed({ key: "old_key" }), ["old_key", "new_key"])).toMatchObject({ ok: true, keyIndex: 0 });
    expect(verify(signed({ key: "new_key" }), ["old_key", "new_key"])).toMatchObject({ ok: true, keyIndex: 1 });
  });

  it("rotation: once the old key is removed, its signatures fail", () => {
    expect(verify(signed({ key: "old_key" }), ["new_key"])).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringContaining("no key"),
    });
  });

  it("a whsec_-prefixed secret is used without its prefix, as the SDK does (configured or signing side)", () => {
    expect(verify(signed({ key: KEY }), [`whsec_${KEY}`]).ok).toBe(true);
    expect(verify(signed({ key: `whsec_${KEY}` }), [KEY]).ok).toBe(true);
    expect(inkboxSignature(`whsec_${KEY}`, "req_123", "1700000000", Buffer.from(VECTOR_BODY)).toString("hex")).toBe(
      VECTOR_SIGNATURE.slice(7),
    );
  });

  it("the prefix is stripped only at the start and only once", () => {
    expect(verify(signed({ key: "whsec_whsec_k" }), ["whsec_k"]).ok).toBe(false);
    expect(verify(signed({ key: "k" }), ["xwhsec_k"]).ok).toBe(false);
  });

  it("no key configured is a configuration error (the receiver answers 503, so Inkbox retries)", () => {
    expect(() => verify(signed(), [])).toThrow(ConfigError);
  });
});

describe("verifyInkbox: the signed content", () => {
  it("one flipped body byte fails", () => {
    const d = signed();
    const body = Buffer.from(d.body);
    body[10] ^= 0x01;
    expect(verify({ ...d, body })).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("a changed request id fails (it is signed)", () => {
    expect(verify(withHeader("requestId", "req_124"))).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("a changed timestamp inside the window fails (it is signed)", () => {
    expect(verify(withHeader("timestamp", String(T + 1)))).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("an uppercase hex digest is the same digest", () => {
    const d = signed();
    expect(
      verify({ ...d, headers: { ...d.headers, signature: `sha256=${d.headers.signature!.slice(7).toUpperCase()}` } })
        .ok,
    ).toBe(true);
  });
});

describe("verifyInkbox: malformed headers", () => {
  const digest = signed().headers.signature!.slice(7);

  it.each([[null], [""], ["   "]])("a missing signature (%j) is always refused as missing_signature", (value) => {
    expect(verify(withHeader("signature", value))).toMatchObject({ ok: false, reason: "missing_signature" });
  });

  it("a missing signature is refused even when no key exists yet (Inkbox sends unsigned requests then)", () => {
    expect(verifyInkbox({ signature: null, requestId: "req_1", timestamp: String(T) }, BODY, [], NOW)).toMatchObject({
      reason: "missing_signature",
    });
  });

  it.each([
    ["no prefix", digest],
    ["wrong prefix", `sha1=${digest}`],
    ["hmac-sha256 prefix", `hmac-sha256=${digest}`],
    ["too short", `sha256=${digest.slice(0, 63)}`],
    ["too long", `sha256=${digest}0`],
    ["non-hex", `sha256=${"g".repeat(64)}`],
    ["two signatures", `sha256=${digest},sha256=${digest}`],
    ["base64", `sha256=${Buffer.from(digest, "hex").toString("base64")}`],
    ["prefix only", "sha256="],
  ])("a signature with %s is bad_signature", (_name, value) => {
    expect(verify(withHeader("signature", value))).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringContaining("sha256=<64 hex digits>"),
    });
  });

  it.each([[null], [""], ["  "]])("a missing request id (%j) is bad_signature", (value) => {
    expect(verify(withHeader("requestId", value))).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: "X-Inkbox-Request-ID header is missing",
    });
  });

  it.each([[null], [""]])("a missing timestamp (%j) is bad_signature", (value) => {
    expect(verify(withHeader("timestamp", value))).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: "X-Inkbox-Timestamp header is missing",
    });
  });

  it.each([
    ["decimals", `${T}.5`],
    ["a trailing dot", `${T}.`],
    ["a leading space", ` ${T}`],
    ["a trailing space", `${T} `],
    ["letters", `${T}a`],
    ["hex", `0x${T.toString(16)}`],
    ["exponent", "1.7e9"],
    ["a minus sign", `-${T}`],
    ["a plus sign", `+${T}`],
    ["a leading zero", `0${T}`],
    ["milliseconds", String(T * 1000)],
    ["a huge number", "9".repeat(40)],
    ["ISO 8601", "2023-11-14T22:13:20Z"],
  ])("a timestamp with %s is refused before any HMAC, even when signed over that exact value", (_name, value) => {
    // Signed over the odd value, so only the strict parse can refuse it.
    const result = verify(signed({ timestamp: value }));
    expect(result).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringContaining("X-Inkbox-Timestamp must be Unix seconds"),
    });
  });

  it("says when a timestamp looks like milliseconds", () => {
    expect(parseInkboxTimestamp(String(T * 1000))).toEqual({
      ok: false,
      detail: expect.stringContaining("milliseconds"),
    });
    expect(parseInkboxTimestamp("0")).toEqual({ ok: true, seconds: 0 });
  });
});
