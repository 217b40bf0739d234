// POST /api/auth/login as a browser or a script calls it: real Requests against the route handler.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as loginPOST } from "@/app/api/auth/login/route";

const ORIGIN = "http://127.0.0.1:3101";
const PASSWORD = "integration password";

beforeAll(() => {
  Object.assign(process.env, { SESSION_SECRET: "integration-session-secret-0123456789", DASHBOARD_PASSWORD: PASSWORD, DASHBOARD_API_TOKEN: "integration-api-token-0123456789" });
});

const formPost = (fields: Record<string, string>, client: string) =>
  loginPOST(new Request(`${ORIGIN}/api/auth/login`, { method: "POST", headers: { host: "127.0.0.1:3101", origin: ORIGIN, "x-forwarded-for": client }, body: new URLSearchParams(fields) }));

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
        const response = await formPost({ password: right ? PASSWORD : "wrong", next: `/${next}` }, `10.2.${Math.floor(n / 250)}.${n++ % 250}`);
        expect(response.status).toBe(303);
        const location = response.headers.get("location")!;
        expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
      }),
      { numRuns: 300 },
    );
  });
});
