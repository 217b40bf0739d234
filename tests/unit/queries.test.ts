import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvCell, toCsv } from "@/lib/queries/csv";
import { explainRejection } from "@/lib/queries/deliveries";
import { statusTotals, workspaceProgress } from "@/lib/queries/overview";
import { statusMatch } from "@/lib/queries/list";

describe("CSV export", () => {
  it("quotes cells a spreadsheet would run as a formula", () => {
    for (const value of ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)"]) expect(csvCell(value)).toBe(`'${value}`);
    expect(csvCell("jane@example.com")).toBe("jane@example.com");
    expect(csvCell(null)).toBe("");
  });

  it("writes a header row and escapes commas and quotes", () => {
    expect(toCsv([{ a: 'x,"y"', b: 2 }], ["a", "b"])).toBe('a,b\n"x,""y""",2\n');
  });
});

describe("refused delivery explanations", () => {
  it("names the scheme a signature would match and the variable to set", () => {
    const e = explainRejection("bad_signature", "hmac-sha256", null, "api-key-sha256");
    expect(e.explanation).toContain("valid under hmac-sha256");
    expect(e.fix).toContain("INBOXKIT_SIGNATURE_SCHEME=hmac-sha256");
  });

  it("points at the key when no scheme matches", () => {
    expect(explainRejection("bad_signature", null, null, "hmac-sha256").fix).toContain("INBOXKIT_WEBHOOK_SECRETS");
  });

  it("speaks of Inkbox, its keys and its header for an Inkbox refusal, never of InboxKit", () => {
    for (const reason of ["bad_signature", "missing_signature", "stale_timestamp"]) {
      const e = explainRejection(reason, null, null, "api-key-sha256", "inkbox");
      const words = `${e.title} ${e.explanation} ${e.fix ?? ""}`;
      expect(words, reason).toContain("Inkbox");
      expect(words, reason).not.toMatch(/InboxKit|INBOXKIT/);
    }
    expect(explainRejection("bad_signature", null, null, "api-key-sha256", "inkbox").fix).toContain(
      "INKBOX_SIGNING_KEYS",
    );
  });

  it("explains every documented reason in words, and an unknown one by its name", () => {
    for (const reason of [
      "missing_signature",
      "stale_timestamp",
      "bad_content_type",
      "too_large",
      "malformed_json",
      "invalid_payload",
    ]) {
      expect(explainRejection(reason, null, "d", "api-key-sha256").title).not.toContain("_");
    }
    expect(explainRejection("brand_new_reason", null, null, "api-key-sha256").title).toBe("brand new reason");
  });
});

describe("workspaces in flight", () => {
  const g = (workspaceId: string | null, status: string, n: number) => ({ workspaceId, status, _count: { _all: n } });

  it("counts domains and mailboxes per workspace by plain-language tone and lists only unfinished ones, problems first", () => {
    const rows = workspaceProgress(
      [g("ws-a", "active", 1), g("ws-b", "expired_propagation", 1), g("ws-c", "active", 2)],
      [g("ws-a", "configuring_dns", 2), g("ws-b", "active", 1), g("ws-c", "active", 3), g(null, "pending", 9)],
      new Map([["ws-a", "Acme"]]),
    );
    expect(rows.map((r) => r.workspaceId)).toEqual(["ws-b", "ws-a"]);
    expect(rows[1]).toEqual({
      workspaceId: "ws-a",
      teamName: "Acme",
      total: 3,
      done: 1,
      working: 2,
      attention: 0,
      problem: 0,
      inactive: 0,
    });
    expect(rows[0]).toMatchObject({ problem: 1, done: 1 });
  });
});

describe("overview counts by status", () => {
  const grouped = <K extends string>(rows: Record<K, string | null>[], keys: K[]) => {
    const groups = new Map<string, { row: Record<K, string | null>; n: number }>();
    for (const row of rows) {
      const key = JSON.stringify(keys.map((k) => row[k]));
      groups.set(key, { row, n: (groups.get(key)?.n ?? 0) + 1 });
    }
    return [...groups.values()].map(({ row, n }) => ({
      ...Object.fromEntries(keys.map((k) => [k, row[k]])),
      _count: { _all: n },
    }));
  };

  it("sums the (workspace, status) groups to what a groupBy by status counts, workspace-less rows included", () => {
    const row = fc.record({
      workspaceId: fc.option(fc.constantFrom("ws-a", "ws-b", "ws-c"), { nil: null }),
      status: fc.constantFrom("active", "pending", "failed", "deleted"),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const byBoth = grouped(rows, ["workspaceId", "status"]) as {
          workspaceId: string | null;
          status: string;
          _count: { _all: number };
        }[];
        const byStatus = grouped(rows, ["status"]) as { status: string; _count: { _all: number } }[];
        const sorted = <T extends { status: string }>(g: T[]) =>
          [...g].sort((a, b) => a.status.localeCompare(b.status));
        expect(sorted(statusTotals(byBoth))).toEqual(sorted(byStatus));
      }),
    );
  });
});

describe("status filter", () => {
  it("takes one status or a comma-separated list", () => {
    expect(statusMatch("active")).toBe("active");
    expect(statusMatch("active, failed")).toEqual({ in: ["active", "failed"] });
    expect(statusMatch(undefined)).toBeUndefined();
  });
});
