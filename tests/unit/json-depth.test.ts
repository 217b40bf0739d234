import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth } from "@/lib/webhooks/json-depth";

function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === "object") return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe("jsonDepth", () => {
  it("equals the nesting depth of any JSON value, brackets inside strings not counted", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonDepth(JSON.stringify(value))).toBe(depthOf(value));
      }),
    );
  });

  it("counts 5,000 levels without recursion and ignores escaped quotes", () => {
    expect(jsonDepth(`${"[".repeat(5000)}${"]".repeat(5000)}`)).toBe(5000);
    expect(jsonDepth('{"a":"\\"[[[{{"}')).toBe(1);
  });
});
