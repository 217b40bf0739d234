// Client-address resolution: X-Forwarded-For is believed only through TRUSTED_PROXIES.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientAddress, forwardedFromPeer, inRanges, parseAddressRanges } from "@/lib/net/client-address";

const ranges = (list: string) => {
  const parsed = parseAddressRanges(list);
  if (!parsed.ok) throw new Error(parsed.invalid);
  return parsed.ranges;
};
/** What a route handler sees for a request from `peer` carrying `headers` (the front, then the walk). */
const seen = (peer: string, forwardedFor: string | undefined, trusted: string) => {
  const t = ranges(trusted);
  return clientAddress(forwardedFromPeer(peer, { forwardedFor }, t).forwardedFor, t);
};

describe("TRUSTED_PROXIES ranges", () => {
  it("parse CIDRs and bare addresses of both families", () => {
    const r = ranges("10.0.0.0/8, 192.168.1.7 ,::1, fd00::/8");
    expect(inRanges("10.200.3.4", r)).toBe(true);
    expect(inRanges("192.168.1.7", r)).toBe(true);
    expect(inRanges("192.168.1.8", r)).toBe(false);
    expect(inRanges("::1", r)).toBe(true);
    expect(inRanges("fd12::5", r)).toBe(true);
    expect(inRanges("::ffff:10.1.1.1", r)).toBe(true); // IPv4-mapped is the IPv4 address
    expect(ranges("")).toEqual([]);
  });

  it("name the entry that is not an address or range", () => {
    for (const bad of ["10.0.0.0/33", "10.0.0/8", "1.2.3", "localhost", "10.0.0.0/8/1", "::1/129", "10.0.0.0/x"]) {
      expect(parseAddressRanges(`127.0.0.1, ${bad}`)).toEqual({ ok: false, invalid: bad });
    }
  });
});

describe("the client address", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(seen("203.0.113.9", "1.1.1.1, 2.2.2.2", "")).toBe("203.0.113.9");
    expect(seen("::ffff:127.0.0.1", "evil", "")).toBe("127.0.0.1");
  });

  it("comes from X-Forwarded-For through trusted proxies only, right to left", () => {
    expect(seen("10.0.0.5", "203.0.113.9", "10.0.0.0/8")).toBe("203.0.113.9");
    // The client forged an entry; the trusted proxy appended the real one.
    expect(seen("10.0.0.5", "6.6.6.6, 203.0.113.9", "10.0.0.0/8")).toBe("203.0.113.9");
    // Two trusted hops.
    expect(seen("10.0.0.5", "203.0.113.9, 10.0.0.7", "10.0.0.0/8")).toBe("203.0.113.9");
    // A malformed hop stops the walk at the last believable address.
    expect(seen("10.0.0.5", "203.0.113.9, garbage", "10.0.0.0/8")).toBe("10.0.0.5");
    // A proxy that forwards nothing: the proxy itself.
    expect(seen("10.0.0.5", undefined, "10.0.0.0/8")).toBe("10.0.0.5");
  });

  it("a trusted proxy vouches for X-Forwarded-Proto and -Host; anyone else's are dropped", () => {
    const t = ranges("10.0.0.0/8");
    expect(forwardedFromPeer("10.0.0.5", { proto: "https", host: "dash.example" }, t)).toEqual({
      forwardedFor: "10.0.0.5",
      proto: "https",
      host: "dash.example",
    });
    expect(forwardedFromPeer("8.8.8.8", { forwardedFor: "1.2.3.4", proto: "https", host: "evil.example" }, t)).toEqual({
      forwardedFor: "8.8.8.8",
    });
    expect(clientAddress(null, t)).toBeNull();
  });

  const ipv4 = fc.ipV4();
  const junk = fc
    .array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 12 })), { maxLength: 6 })
    .map((xs) => xs.join(", "));

  it("property: an untrusted peer is always the client, whatever it forwards", () => {
    fc.assert(
      fc.property(ipv4, junk, (peer, forwarded) => {
        fc.pre(!inRanges(peer, ranges("10.0.0.0/8")));
        expect(seen(peer, forwarded, "10.0.0.0/8")).toBe(peer);
        expect(seen(peer, forwarded, "")).toBe(peer);
      }),
    );
  });

  it("property: behind a trusted proxy, the client is the real client no matter what it forged", () => {
    fc.assert(
      fc.property(ipv4, junk, fc.ipV4(), (real, forged, proxyTail) => {
        fc.pre(!inRanges(real, ranges("10.0.0.0/8")));
        const proxy = `10.${proxyTail.split(".").slice(1).join(".")}`;
        // The proxy appends the address it saw (the real client) to whatever the client sent.
        const forwardedFor = forged ? `${forged}, ${real}` : real;
        expect(seen(proxy, forwardedFor, "10.0.0.0/8")).toBe(real);
      }),
    );
  });
});

describe("TRUSTED_PROXIES configuration", () => {
  it("is empty by default and names the variable and the bad entry", async () => {
    const { trustedProxies, ConfigError } = await import("@/lib/config");
    expect(trustedProxies({})).toEqual([]);
    expect(trustedProxies({ TRUSTED_PROXIES: "10.0.0.0/8" })).toHaveLength(1);
    expect(() => trustedProxies({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.internal" })).toThrow(ConfigError);
    expect(() => trustedProxies({ TRUSTED_PROXIES: "proxy.internal" })).toThrow(/TRUSTED_PROXIES: "proxy.internal"/);
  });
});
