// The mail health rule (lib/queries/mail-activity.ts): each verdict at and around its threshold; and the timeline merge.
import { describe, expect, it } from "vitest";
import { emptyCounts, mailHealth, type MailActivityItem, type MailCounts } from "@/lib/queries/mail-activity";
import { mergeMailIntoTimeline } from "@/lib/timeline";

const counts = (c: Partial<MailCounts>): MailCounts => ({ ...emptyCounts(), ...c });
/** The 7-day counts are the 24-hour ones plus the 6 days before. */
const health = (
  day: Partial<MailCounts>,
  before: Partial<MailCounts> = {},
  last: string | null = "2026-11-24T12:00:00.000Z",
) => {
  const d = counts(day);
  const b = counts(before);
  const week = Object.fromEntries(
    Object.keys(d).map((k) => [k, d[k as keyof MailCounts] + b[k as keyof MailCounts]]),
  ) as MailCounts;
  return mailHealth(d, week, last).state;
};

describe("mailHealth", () => {
  it("no_mail: nothing ever arrived for the address", () => {
    expect(health({}, {}, null)).toBe("no_mail");
  });

  it("quiet: mail before, none in the last 7 days", () => {
    expect(health({}, {}, "2026-10-01T00:00:00.000Z")).toBe("quiet");
  });

  it("flowing: sent and delivered, or only received", () => {
    expect(health({ sent: 5, delivered: 5 })).toBe("flowing");
    expect(health({ received: 3 })).toBe("flowing");
    expect(health({}, { delivered: 4 })).toBe("flowing");
  });

  it("failing: a message failed and nothing more was delivered", () => {
    expect(health({ sent: 0, failed: 1 })).toBe("failing");
    expect(health({ delivered: 2, failed: 1, bounced: 1 })).toBe("failing");
    expect(health({ delivered: 3, failed: 1, bounced: 1 })).not.toBe("failing");
  });

  it("failing: at least 3 bounces and no more deliveries than problems", () => {
    expect(health({ bounced: 3 })).toBe("failing");
    expect(health({ bounced: 3, delivered: 3 })).toBe("failing");
    expect(health({ bounced: 3, delivered: 4 })).toBe("bounces_rising");
    expect(health({ bounced: 2 })).toBe("bounces_rising");
  });

  it("bounces_rising: a 24-hour bounce rate of at least 2 %, above the 6 days before", () => {
    expect(health({ delivered: 49, bounced: 1 })).toBe("bounces_rising"); // 2 %
    expect(health({ delivered: 99, bounced: 1 })).toBe("flowing"); // 1 %
    expect(health({ delivered: 9, bounced: 1 }, { delivered: 90, bounced: 10 })).toBe("flowing"); // 10 % = the baseline
    expect(health({ delivered: 8, bounced: 2 }, { delivered: 90, bounced: 10 })).toBe("bounces_rising"); // 20 % > 10 %
  });

  it("explains itself", () => {
    expect(
      mailHealth(counts({ delivered: 8, bounced: 2 }), counts({ delivered: 8, bounced: 2 }), "2026-11-24T00:00:00Z")
        .reason,
    ).toBe("Bounce rate 20 % in the last 24 h, against 0 % over the 6 days before");
    expect(mailHealth(counts({ failed: 2 }), counts({ failed: 2 }), "2026-11-24T00:00:00Z").reason).toBe(
      "2 of 2 outbound messages bounced or failed in the last 24 h",
    );
  });
});

describe("mergeMailIntoTimeline", () => {
  const mail = (id: number, occurredAt: string) => ({ id, occurredAt }) as unknown as MailActivityItem;
  it("weaves mail events into the status timeline by vendor time, keeping the timeline's own order", () => {
    const entries = [
      { id: "a", occurredAt: "2026-11-24T10:00:00.000Z" },
      { id: "b", occurredAt: "2026-11-24T12:00:00.000Z" },
      { id: "c", occurredAt: "2026-11-24T11:00:00.000Z" },
    ];
    const rows = mergeMailIntoTimeline(entries, [
      mail(2, "2026-11-24T13:00:00.000Z"),
      mail(1, "2026-11-24T10:00:00.000Z"),
      mail(3, "2026-11-24T09:00:00.000Z"),
    ]);
    expect(rows.map((r) => (r.source === "status" ? r.entry.id : `m${r.item.id}`))).toEqual([
      "m3",
      "a",
      "m1",
      "b",
      "c",
      "m2",
    ]);
  });

  it("works with either side empty", () => {
    expect(mergeMailIntoTimeline([], [mail(1, "2026-11-24T10:00:00.000Z")]).map((r) => r.source)).toEqual(["mail"]);
    expect(mergeMailIntoTimeline([{ occurredAt: "2026-11-24T10:00:00.000Z" }], []).map((r) => r.source)).toEqual([
      "status",
    ]);
  });
});
