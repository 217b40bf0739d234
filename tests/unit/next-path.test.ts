// Where the login page sends an operator afterwards: a local path, always a valid header value.
// Regression: `/login?next=%2F%E3%80%82` answered 500 ("Invalid character in header content").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loginPath, safeNextPath } from "@/lib/auth/next-path";

const BASE = "http://dashboard.example:3000";

/** What Node's http module accepts in a header value (ERR_INVALID_CHAR otherwise). */
const validHeaderValue = (value: string) =>
  !/[^\t\x20-\x7e\x80-\xff]/.test(value) && new Headers({ location: value }).get("location") === value;
const sameSite = (location: string) => new URL(location, `${BASE}/login`).origin === BASE;

const hostile = fc.constantFrom(
  "/",
  "//",
  "/\\",
  "\\",
  "/./",
  "/.//",
  "/%2F",
  "/%2f/",
  "/%5C",
  "/..//",
  "https:",
  "http://evil.example",
  "javascript:",
  "/\u3002",
  "\u3000/",
  "/\uff0f",
  "\t",
  "\n",
  "\u0000",
  "@evil.example",
  "?",
  "#",
  "%",
  "%E3%80%82",
  "\ud800",
  "/login",
  "/api/",
);
const nextValue = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .array(fc.oneof(hostile, fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 8 })
    .map((parts) => parts.join("")),
);

describe("safeNextPath", () => {
  it("turns a non-ASCII path into a valid Location header on the same site", () => {
    const path = safeNextPath("/\u3002");
    expect(validHeaderValue(path)).toBe(true);
    expect(path).toBe("/%E3%80%82");
  });

  it("keeps local paths with their query", () => {
    expect(safeNextPath("/mailboxes/mb-1")).toBe("/mailboxes/mb-1");
    expect(safeNextPath("/mailboxes?status=active&q=jane")).toBe("/mailboxes?status=active&q=jane");
  });

  it("sends everything else home", () => {
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/x\\..\\evil",
      "/.//evil.example",
      "/..//evil.example",
      "javascript:alert(1)",
      "/login?next=/",
      "/api/domains",
      "",
      null,
      undefined,
    ]) {
      const path = safeNextPath(bad);
      expect(path, String(bad)).toBe("/");
    }
  });

  it("property: any input gives a header-safe, same-site path that never leaves for another host", () => {
    fc.assert(
      fc.property(nextValue, (next) => {
        const path = safeNextPath(next);
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//")).toBe(false);
        expect(validHeaderValue(path)).toBe(true);
        expect(sameSite(path)).toBe(true);
        expect(sameSite(loginPath(path))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("loginPath carries only a safe next", () => {
    expect(loginPath("/mailboxes?status=active")).toBe("/login?next=%2Fmailboxes%3Fstatus%3Dactive");
    expect(loginPath("//evil.example")).toBe("/login");
    expect(validHeaderValue(loginPath("/\u3002"))).toBe(true);
  });
});
