// POST /api/auth/login as a browser or a script calls it: real Requests against the route handler.
import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as loginPOST } from "@/app/api/auth/login/route";

const ORIGIN = "http://127.0.0.1:3101";
const PASSWORD = "integration password";

beforeAll(() => {
  Object.assign(process.env, {
    SESSION_SECRET: "integration-session-secret-0123456789",
    DASHBOARD_PASSWORD: PASSWORD,
    DASHBOARD_API_TOKEN: "integration-api-token-0123456789",
  });
});

// Each test starts with fresh failed-login counters.
beforeEach(() => {
  (globalThis as { __loginLimiters?: unknown }).__loginLimiters = undefined;
});

const formPost = (fields: Record<string, string>, client: string) =>
  loginPOST(
    new Request(`${ORIGIN}/api/auth/login`, {
      method: "POST",
      headers: { host: "127.0.0.1:3101", origin: ORIGIN, "x-forwarded-for": client },
      body: new URLSearchParams(fields),
    }),
  );

describe("the next parameter", () => {
  it("a non-ASCII next redirects instead of answering 500", async () => {
    const response = await formPost({ password: PASSWORD, next: "/\u3002" }, "10.1.0.1");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/%E3%80%82");
  });

  it("property: any next gives a 303 to this site, signed in or refused", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 30 }), fc.boolean(), async (next, right) => {
        const response = await formPost(
          { password: right ? PASSWORD : "wrong", next: `/${next}` },
          `10.2.${Math.floor(n / 250)}.${n++ % 250}`,
        );
        expect(response.status).toBe(303);
        const location = response.headers.get("location")!;
        expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the body cap", () => {
  const CHUNK = 16 * 1024;
  /** A body of `total` bytes made on demand, counting what the route actually pulled. */
  function endless(total: number) {
    const counter = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        counter.pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
      },
    });
    return { stream, counter };
  }
  const post = (body: BodyInit, headers: Record<string, string>) =>
    loginPOST(
      new Request(`${ORIGIN}/api/auth/login`, {
        method: "POST",
        headers: { host: "127.0.0.1:3101", origin: ORIGIN, "x-forwarded-for": "10.3.0.1", ...headers },
        body,
        duplex: "half",
      } as RequestInit),
    );

  it("refuses a declared length over 8 KiB with 413, unread", async () => {
    const { stream, counter } = endless(64 * 1024 * 1024);
    const response = await post(stream, {
      "content-type": "application/json",
      "content-length": String(64 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: "too_large", message: expect.stringMatching(/8 KiB/) } });
    expect(counter.pulled).toBeLessThanOrEqual(2 * CHUNK);
  });

  it("stops reading a chunked body at the cap (JSON and form)", async () => {
    for (const type of ["application/json", "application/x-www-form-urlencoded"]) {
      const { stream, counter } = endless(64 * 1024 * 1024);
      const response = await post(stream, { "content-type": type });
      expect(response.status).toBe(413);
      expect(counter.pulled).toBeLessThanOrEqual(8 * 1024 + 2 * CHUNK);
    }
  });

  it("still accepts a normal JSON or form sign-in", async () => {
    const json = await post(JSON.stringify({ password: PASSWORD }), { "content-type": "application/json" });
    expect(json.status).toBe(200);
    const form = await post(new URLSearchParams({ password: PASSWORD, next: "/requests" }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/requests");
  });
});
