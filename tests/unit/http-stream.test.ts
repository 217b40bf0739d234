// The pure parts of serving GET /api/stream outside Next.js (lib/live/http-stream.ts): which requests
// it takes, the web Request the access check reads, and next.config.js's security headers evaluated
// for a response Next.js never sees (lib/security/route-headers.ts).
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isStreamRequest, webRequest } from "@/lib/live/http-stream";
import { API_CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY } from "@/lib/security/header-rules.mjs";
import { securityHeadersFor } from "@/lib/security/route-headers";

const req = (method: string, url: string) => ({ method, url }) as IncomingMessage;

describe("isStreamRequest", () => {
  it("takes a GET of /api/stream with or without a query, and nothing else", () => {
    expect(isStreamRequest(req("GET", "/api/stream"))).toBe(true);
    expect(isStreamRequest(req("GET", "/api/stream?workspace=ws-1&token=t"))).toBe(true);
    expect(isStreamRequest(req("POST", "/api/stream"))).toBe(false);
    expect(isStreamRequest(req("HEAD", "/api/stream"))).toBe(false);
    expect(isStreamRequest(req("GET", "/api/stream/"))).toBe(false);
    expect(isStreamRequest(req("GET", "/api/streams"))).toBe(false);
    expect(isStreamRequest(req("GET", "/api/mailboxes?next=/api/stream"))).toBe(false);
  });
});

describe("webRequest", () => {
  it("carries the query and every header (repeated ones too) the access check reads", () => {
    const request = webRequest("/api/stream?workspace=ws-1", {
      host: "dash.example.com",
      cookie: "operator_session=abc",
      authorization: "Bearer t",
      "x-forwarded-proto": "https",
      "set-cookie": ["a=1", "b=2"],
    });
    expect(new URL(request.url).searchParams.get("workspace")).toBe("ws-1");
    expect(request.headers.get("cookie")).toBe("operator_session=abc");
    expect(request.headers.get("authorization")).toBe("Bearer t");
    expect(request.headers.get("host")).toBe("dash.example.com");
    expect(request.headers.get("x-forwarded-proto")).toBe("https");
    expect(request.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });
});

describe("securityHeadersFor", () => {
  it("gives the stream what next.config.js gives every API answer", () => {
    const headers = securityHeadersFor("/api/stream", {});
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    });
    expect(headers).not.toHaveProperty("Strict-Transport-Security");
  });

  it("adds HSTS only when the (trusted) forwarded protocol is https, and a later rule wins", () => {
    expect(securityHeadersFor("/api/stream", { "x-forwarded-proto": "https" })["Strict-Transport-Security"]).toBe(
      STRICT_TRANSPORT_SECURITY,
    );
    expect(securityHeadersFor("/api/stream", { "x-forwarded-proto": "http" })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
    expect(securityHeadersFor("/onboarding/ws-1", {})["Referrer-Policy"]).toBe("no-referrer");
    expect(securityHeadersFor("/onboarding-other", {})["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });
});
