import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { groupMailByMessage } from "@/lib/mail-messages";
import type { MailActivityItem } from "@/lib/queries/mail-activity";

let nextId = 1;
const event = (messageUid: string, kind: string, minute: number, extra: Partial<MailActivityItem> = {}) =>
  ({
    id: nextId++,
    messageUid,
    kind,
    eventType: `message.${kind}`,
    occurredAt: new Date(Date.UTC(2026, 11, 1, 12, minute)).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 11, 1, 12, minute)).toISOString(),
    duplicateCount: 1,
    threadId: null,
    direction: kind === "received" ? "inbound" : "outbound",
    status: kind,
    fromAddress: null,
    toAddresses: [],
    ccAddresses: [],
    subject: `subject ${messageUid}`,
    hasAttachments: false,
    bounceReason: null,
    ...extra,
  }) as MailActivityItem;

describe("mail grouped per message", () => {
  it("puts sent → delivered and sent → bounced (with the reason) on one row each, newest first", () => {
    const rows = groupMailByMessage([
      event("m2", "bounced", 6, { bounceReason: "550 no such user" }),
      event("m1", "delivered", 2),
      event("m2", "sent", 5),
      event("m1", "sent", 1),
      event("m3", "received", 3),
    ]);
    expect(rows.map((r) => [r.outcome.messageUid, r.outcome.kind, r.trail.join(" → ")])).toEqual([
      ["m2", "bounced", "sent → bounced"],
      ["m3", "received", "received"],
      ["m1", "delivered", "sent → delivered"],
    ]);
    expect(rows[0].outcome.bounceReason).toBe("550 no such user");
  });

  it("a bounce after a delivery is the outcome; a late-arriving 'sent' does not hide it", () => {
    const [row] = groupMailByMessage([event("m", "bounced", 3), event("m", "delivered", 2), event("m", "sent", 9)]);
    expect(row.outcome.kind).toBe("bounced");
  });

  it("keeps every event exactly once, whatever the order they arrive in", () => {
    const arb = fc.array(
      fc.record({
        m: fc.constantFrom("a", "b", "c", "d"),
        kind: fc.constantFrom("sent", "delivered", "bounced", "failed", "received"),
        minute: fc.integer({ min: 0, max: 59 }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const items = specs.map((s) => event(s.m, s.kind, s.minute));
        const rows = groupMailByMessage(items);
        const ids = rows.flatMap((r) => r.events.map((e) => e.id)).sort((x, y) => x - y);
        expect(ids).toEqual(items.map((i) => i.id).sort((x, y) => x - y));
        expect(new Set(rows.map((r) => r.outcome.messageUid)).size).toBe(rows.length);
        const reversed = groupMailByMessage([...items].reverse());
        expect(reversed.map((r) => r.outcome.id)).toEqual(rows.map((r) => r.outcome.id));
      }),
    );
  });
});
