// The attention rules with an injected clock: every budget boundary (one second under, one second
// over), failure states critical at once, customer action from the moment a request turns pending,
// age from the vendor time (a future one capped at now), acknowledgement and snooze expiry, stable
// ids, ordering, and cursor pages that add up.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_BUDGETS, resolveBudgets, PROVISIONING } from "@/lib/attention/budgets";
import {
  compareItems,
  evaluate,
  isOpen,
  sortItems,
  type EntityFact,
  type Facts,
  type Handling,
} from "@/lib/attention/evaluate";
import { CursorError, decodeCursor, pageItems, selectItems } from "@/lib/attention/page";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const budgets = resolveBudgets();

function fact(over: Partial<EntityFact> & Pick<EntityFact, "entityType" | "status">): EntityFact {
  return { uid: "u-1", statusSince: ago(60), lastOccurredAt: ago(60), workspaceId: "ws-1", label: "thing", ...over };
}
const only = (f: EntityFact, handling: Handling[] = [], now = NOW) =>
  evaluate({ entities: [f], mail: [], refused: [] }, budgets, handling, now);

describe("budgets: just under and just over each boundary", () => {
  for (const b of DEFAULT_BUDGETS.filter(
    (x) =>
      (x.status !== PROVISIONING && x.status !== "pending") || (x.entityType === "mailbox" && x.status === "pending"),
  )) {
    const f = (age: number) =>
      fact({ entityType: b.entityType, status: b.status, statusSince: ago(age), lastOccurredAt: ago(age) });
    it(`${b.entityType} ${b.status} (${b.seconds} s)`, () => {
      expect(only(f(b.seconds - 1))).toEqual([]);
      expect(only(f(b.seconds))).toEqual([]);
      expect(only(f(b.seconds + 1))).toMatchObject([
        { kind: "stuck", severity: "warning", budgetSeconds: b.seconds, ageSeconds: b.seconds + 1 },
      ]);
      expect(only(f(2 * b.seconds))).toMatchObject([{ severity: "warning" }]);
      expect(only(f(2 * b.seconds + 1))).toMatchObject([{ kind: "stuck", severity: "critical" }]);
    });
  }

  it("a mailbox whose steps each stay in budget is stuck past 24 h of provisioning overall (warning), critical past 48 h", () => {
    const step = 3600;
    const f = (overall: number) =>
      fact({
        entityType: "mailbox",
        status: "configuring_dns",
        statusSince: ago(step),
        provisioningSince: ago(overall),
      });
    expect(only(f(24 * 3600 - 1))).toEqual([]);
    expect(only(f(24 * 3600 + 1))).toMatchObject([
      { kind: "stuck", severity: "warning", budgetSeconds: 24 * 3600, since: ago(24 * 3600 + 1).toISOString() },
    ]);
    expect(only(f(48 * 3600 + 1))).toMatchObject([{ severity: "critical" }]);
  });

  it("operator overrides replace a default; unknown keys and nonsense are ignored", () => {
    const custom = resolveBudgets([
      { entityType: "domain", status: "waiting_for_dns_propagation", seconds: 3600 },
      { entityType: "domain", status: "active", seconds: 60 },
      { entityType: "domain", status: "dns_setup_pending", seconds: -5 },
    ]);
    const f = fact({ entityType: "domain", status: "waiting_for_dns_propagation", statusSince: ago(3601) });
    expect(evaluate({ entities: [f], mail: [], refused: [] }, custom, [], NOW)).toMatchObject([
      { severity: "warning", budgetSeconds: 3600 },
    ]);
    expect(custom.get("domain:active")).toBeUndefined();
    expect(custom.get("domain:dns_setup_pending")).toBe(6 * 3600);
  });
});

describe("failure states and customer action", () => {
  it.each([
    ["domain", "payment_failed"],
    ["mailbox", "failed"],
    ["mailbox", "renewal_failed"],
    ["mailbox", "suspended"],
    ["consent_request", "failed"],
    ["consent_request", "errored"],
    ["client_id_request", "failed"],
    ["client_id_request", "errored"],
  ] as const)("%s %s is critical at once", (entityType, status) => {
    expect(only(fact({ entityType, status, statusSince: NOW, lastOccurredAt: NOW }))).toMatchObject([
      { kind: "failed", severity: "critical", ageSeconds: 0, budgetSeconds: null },
    ]);
  });

  it.each(["failed", "errored"])("a domain whose dns_propagation_status is %s is critical at once", (dns) => {
    expect(
      only(
        fact({
          entityType: "domain",
          status: "waiting_for_dns_propagation",
          statusSince: NOW,
          dnsPropagationStatus: dns,
        }),
      ),
    ).toMatchObject([{ kind: "failed", severity: "critical", status: `dns_propagation_${dns}` }]);
  });

  it("a pending request is customer action from its first second: warning, critical only past twice its budget", () => {
    const pending = (age: number) => fact({ entityType: "consent_request", status: "pending", statusSince: ago(age) });
    expect(only(pending(0))).toMatchObject([{ kind: "customer_action", severity: "warning", budgetSeconds: 86400 }]);
    expect(only(pending(2 * 86400))).toMatchObject([{ severity: "warning" }]);
    expect(only(pending(2 * 86400 + 1))).toMatchObject([{ kind: "customer_action", severity: "critical" }]);
  });

  it("statuses without a budget and healthy states give nothing", () => {
    expect(only(fact({ entityType: "domain", status: "active", statusSince: ago(10 ** 8) }))).toEqual([]);
    expect(only(fact({ entityType: "consent_request", status: "completed", statusSince: ago(10 ** 8) }))).toEqual([]);
  });
});

describe("age from vendor time", () => {
  it("counts from statusSince, not from the last change", () => {
    const [item] = only(
      fact({
        entityType: "domain",
        status: "waiting_for_dns_propagation",
        statusSince: ago(5 * 86400),
        lastOccurredAt: ago(60),
      }),
    );
    expect(item).toMatchObject({ ageSeconds: 5 * 86400, since: ago(5 * 86400).toISOString(), severity: "critical" });
  });

  it("a future vendor time is capped at now: age 0, since = now", () => {
    const future = new Date(NOW.getTime() + 7 * 86400_000);
    expect(only(fact({ entityType: "consent_request", status: "pending", statusSince: future }))).toMatchObject([
      { ageSeconds: 0, since: NOW.toISOString(), severity: "warning" },
    ]);
    expect(only(fact({ entityType: "domain", status: "waiting_for_dns_propagation", statusSince: future }))).toEqual(
      [],
    );
  });

  it("falls back to the last change for rows without statusSince", () => {
    expect(
      only(
        fact({
          entityType: "domain",
          status: "registration_in_progress",
          statusSince: null,
          lastOccurredAt: ago(3 * 3600),
        }),
      ),
    ).toMatchObject([{ ageSeconds: 3 * 3600 }]);
  });
});

describe("ids, acknowledgements and snoozes", () => {
  const stuck = (since: Date) =>
    fact({ entityType: "domain", status: "waiting_for_dns_propagation", statusSince: since });

  it("an id stays the same while the condition lasts (warning → critical) and changes with a new one", () => {
    const since = ago(49 * 3600);
    const [warning] = only(stuck(since));
    const [critical] = only(stuck(since), [], new Date(NOW.getTime() + 48 * 3600_000));
    expect(warning.severity).toBe("warning");
    expect(critical.severity).toBe("critical");
    expect(critical.id).toBe(warning.id);
    expect(only(stuck(ago(50 * 3600)))[0].id).not.toBe(warning.id);
    expect(warning.id).toMatch(/^stuck_[A-Za-z0-9_-]{22}$/);
  });

  it("an acknowledgement takes the item out until the status changes; a new condition comes back", () => {
    const since = ago(3 * 86400);
    const [item] = only(stuck(since));
    const ack: Handling = {
      itemId: item.id,
      acknowledgedBy: "operator session",
      acknowledgedAt: NOW,
      note: "DNS host contacted",
      snoozedUntil: null,
    };
    const [flagged] = only(stuck(since), [ack], new Date(NOW.getTime() + 30 * 86400_000));
    expect(flagged.acknowledged).toEqual({ by: "operator session", at: NOW.toISOString(), note: "DNS host contacted" });
    expect(isOpen(flagged)).toBe(false);
    // The domain moved on and came back to the same status later: a new item, open.
    const [again] = only(stuck(ago(3 * 86400 - 60)), [ack]);
    expect(again.acknowledged).toBeNull();
    expect(isOpen(again)).toBe(true);
  });

  it("a snooze holds until its end, to the millisecond, then the item is back by itself", () => {
    const [item] = only(stuck(ago(3 * 86400)));
    const until = new Date(NOW.getTime() + 3600_000);
    const snooze: Handling = {
      itemId: item.id,
      acknowledgedBy: null,
      acknowledgedAt: null,
      note: null,
      snoozedUntil: until,
    };
    expect(only(stuck(ago(3 * 86400)), [snooze], new Date(until.getTime() - 1))[0].snoozedUntil).toBe(
      until.toISOString(),
    );
    const after = only(stuck(ago(3 * 86400)), [snooze], until)[0];
    expect(after.snoozedUntil).toBeNull();
    expect(isOpen(after)).toBe(true);
  });

  it("a windowed item (refused deliveries) stays acknowledged while the window holds refusals from before the acknowledgement", () => {
    const refused = (first: Date): Facts => ({
      entities: [],
      mail: [],
      refused: [{ vendor: "inboxkit", reason: "bad_signature", count: 3, first }],
    });
    const [item] = evaluate(refused(ago(600)), budgets, [], NOW);
    expect(item).toMatchObject({
      kind: "refused_deliveries",
      severity: "critical",
      entityType: "vendor",
      uid: "inboxkit",
      status: "bad_signature",
    });
    const ack: Handling = {
      itemId: item.id,
      acknowledgedBy: "api token",
      acknowledgedAt: NOW,
      note: "",
      snoozedUntil: null,
    };
    expect(isOpen(evaluate(refused(ago(600)), budgets, [ack], NOW)[0])).toBe(false);
    // An hour on, the window only holds refusals that came after the acknowledgement: back in the queue.
    const later = new Date(NOW.getTime() + 3600_000);
    expect(isOpen(evaluate(refused(new Date(NOW.getTime() + 60_000)), budgets, [ack], later)[0])).toBe(true);
  });

  it("mail failing is critical, bounces rising a warning, keyed by address", () => {
    const items = evaluate(
      {
        entities: [],
        refused: [],
        mail: [
          { email: "a@x.test", mailboxUid: "m-a", workspaceId: "ws-1", state: "failing", since: ago(60) },
          { email: "b@x.test", mailboxUid: null, workspaceId: null, state: "bounces_rising", since: ago(120) },
        ],
      },
      budgets,
      [],
      NOW,
    );
    expect(items).toMatchObject([
      { kind: "mail", severity: "critical", label: "a@x.test", uid: "m-a" },
      { kind: "mail", severity: "warning", label: "b@x.test", uid: null },
    ]);
  });
});

describe("order and pages", () => {
  const many = (n: number): Facts => ({
    mail: [],
    refused: [],
    entities: Array.from({ length: n }, (_, i) =>
      fact({
        entityType: i % 3 === 0 ? "mailbox" : "consent_request",
        uid: `u-${i}`,
        status: i % 3 === 0 ? "failed" : "pending",
        statusSince: ago(1000 + ((i * 7919) % 100_000)),
        workspaceId: `ws-${i % 4}`,
      }),
    ),
  });

  it("critical before warning, then oldest first", () => {
    const items = evaluate(many(30), budgets, [], NOW);
    const keys = items.map((i) => [i.severity === "critical" ? 0 : 1, -i.ageSeconds]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it("sortItems (one key per item) orders any shuffle of the items as compareItems does", () => {
    const items = evaluate(many(200), budgets, [], NOW);
    fc.assert(
      fc.property(fc.shuffledSubarray(items), (subset) => {
        expect(sortItems(subset).map((i) => i.id)).toEqual([...subset].sort(compareItems).map((i) => i.id));
      }),
      { numRuns: 50 },
    );
  });

  it("500 open items: total 500, pages of any size add up to the queue exactly once", () => {
    const all = selectItems(evaluate(many(500), budgets, [], NOW), {});
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (limit) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (;;) {
          const page = pageItems(all, { limit, cursor });
          expect(page.total).toBe(500);
          seen.push(...page.items.map((i) => i.id));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(seen).toEqual(all.map((i) => i.id));
      }),
      { numRuns: 25 },
    );
    const first = pageItems(all, { limit: 50 });
    expect(first.counts.severity.critical + first.counts.severity.warning).toBe(500);
    expect(first.counts.kind.failed + first.counts.kind.customer_action).toBe(500);
  });

  it("filters by workspace and kind; a bad cursor is an error, not page one", () => {
    const items = evaluate(many(40), budgets, [], NOW);
    expect(selectItems(items, { workspace: "ws-1" }).every((i) => i.workspaceId === "ws-1")).toBe(true);
    expect(selectItems(items, { kind: "failed" }).every((i) => i.kind === "failed")).toBe(true);
    expect(() => decodeCursor("not-a-cursor")).toThrow(CursorError);
    expect(() => pageItems(items, { limit: 10, cursor: Buffer.from('["x"]').toString("base64url") })).toThrow(
      CursorError,
    );
  });
});
