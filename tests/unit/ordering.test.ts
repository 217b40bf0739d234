import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isTerminal, LIFECYCLE, orderKey, type EntityType } from "@/lib/ordering";

const at = (iso: string) => new Date(iso);

describe("order keys", () => {
  it("orders by vendor time first", () => {
    expect(
      orderKey("mailbox", "pending", at("2024-01-02T00:00:00Z"), "a") >
        orderKey("mailbox", "active", at("2024-01-01T00:00:00Z"), "b"),
    ).toBe(true);
  });

  it("breaks a same-millisecond tie by the lifecycle", () => {
    const t = at("2024-01-01T00:00:00Z");
    expect(orderKey("consent_request", "processing", t, "a") > orderKey("consent_request", "pending", t, "z")).toBe(
      true,
    );
    expect(orderKey("domain", "active", t, "a") > orderKey("domain", "waiting_for_dns_propagation", t, "z")).toBe(true);
  });

  it("puts a terminal status above any later non-terminal one", () => {
    const done = orderKey("consent_request", "completed", at("2024-01-01T00:00:00Z"), "a");
    expect(done > orderKey("consent_request", "pending", at("2030-01-01T00:00:00Z"), "b")).toBe(true);
    expect(
      orderKey("mailbox", "deleted", at("2024-01-01T00:00:00Z"), "a") >
        orderKey("mailbox", "active", at("2025-01-01T00:00:00Z"), "b"),
    ).toBe(true);
  });

  it("knows the documented terminal states", () => {
    expect(["completed", "failed", "errored", "cancelled"].every((s) => isTerminal("client_id_request", s))).toBe(true);
    expect(isTerminal("domain", "deleted") && !isTerminal("domain", "cancelled")).toBe(true);
  });

  it("never ties two distinct events of one entity", () => {
    const types = Object.keys(LIFECYCLE) as EntityType[];
    const event = fc.record({
      type: fc.constantFrom(...types),
      status: fc.oneof(
        fc.constantFrom(...LIFECYCLE.mailbox, ...LIFECYCLE.consent_request),
        fc.string({ minLength: 1, maxLength: 8 }),
      ),
      time: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
      key: fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 8, maxLength: 8 }),
    });
    fc.assert(
      fc.property(event, event, (a, b) => {
        const ka = orderKey(a.type, a.status, a.time, a.key);
        const kb = orderKey(a.type, b.status, b.time, b.key);
        if (ka === kb)
          expect(a.key === b.key && a.status === b.status && a.time.getTime() === b.time.getTime()).toBe(true);
      }),
    );
  });
});
