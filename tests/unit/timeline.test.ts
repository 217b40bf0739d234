import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildTimeline, type TimelineEvent } from "@/lib/timeline";
import { LIFECYCLE } from "@/lib/ordering";

const t = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute));
let nextId = 1;
function ev(status: string, minute: number, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  const id = extra.id ?? nextId++;
  return {
    id,
    eventType: "mailbox.status_changed",
    status,
    previousStatus: null,
    occurredAt: t(minute),
    receivedAt: t(minute),
    lastSeenAt: t(minute),
    outcome: "applied",
    duplicateCount: 1,
    credentialsFingerprint: null,
    ...extra,
  };
}
const NOW = t(100);

describe("status timeline", () => {
  it("lists events oldest first by vendor time, whatever order they were read in", () => {
    const events = [ev("active", 30), ev("pending", 0), ev("configuring_dns", 10)];
    const timeline = buildTimeline("mailbox", events, NOW);
    expect(timeline.entries.map((e) => e.status)).toEqual(["pending", "configuring_dns", "active"]);
  });

  it("measures time in each status until the next applied event, and the current one until now", () => {
    const timeline = buildTimeline("mailbox", [ev("pending", 0), ev("configuring_dns", 10), ev("active", 30)], NOW);
    expect(timeline.entries.map((e) => e.durationMs)).toEqual([10 * 60_000, 20 * 60_000, 70 * 60_000]);
    expect(timeline.entries.map((e) => e.current)).toEqual([false, false, true]);
  });

  it("marks a late event stale, gives it no duration, and measures around it", () => {
    const late = ev("processing", 5, { outcome: "stale", receivedAt: t(40) });
    const timeline = buildTimeline("mailbox", [ev("pending", 0), ev("active", 30), late], NOW);
    const [pending, stale, active] = timeline.entries;
    expect(stale).toMatchObject({
      status: "processing",
      stale: true,
      applied: false,
      durationMs: null,
      current: false,
      delayMs: 35 * 60_000,
    });
    expect(pending.durationMs).toBe(30 * 60_000);
    expect(active.current).toBe(true);
    expect(timeline.counts).toMatchObject({ events: 3, applied: 2, stale: 1 });
  });

  it("takes the previous status from the vendor, else from the entry before", () => {
    const timeline = buildTimeline(
      "mailbox",
      [ev("pending", 0), ev("processing", 1, { previousStatus: "queued" }), ev("active", 2)],
      NOW,
    );
    expect(timeline.entries.map((e) => [e.previousStatus, e.previousInferred])).toEqual([
      [null, false],
      ["queued", false],
      ["processing", true],
    ]);
  });

  it("counts duplicate deliveries", () => {
    const timeline = buildTimeline("mailbox", [ev("pending", 0, { duplicateCount: 3 }), ev("active", 1)], NOW);
    expect(timeline.entries[0].duplicateCount).toBe(3);
    expect(timeline.counts.duplicateDeliveries).toBe(2);
  });

  it("flags a credentials change against the previous fingerprint seen, not the first one", () => {
    const timeline = buildTimeline(
      "mailbox",
      [
        ev("pending", 0, { credentialsFingerprint: "a" }),
        ev("processing", 1),
        ev("configuring_dns", 2, { credentialsFingerprint: "a" }),
        ev("active", 3, { credentialsFingerprint: "b" }),
      ],
      NOW,
    );
    expect(timeline.entries.map((e) => e.credentialsChanged)).toEqual([false, false, false, true]);
    expect(timeline.credentialsChangedAt).toBe(t(3).toISOString());
  });

  it("orders a same-millisecond tie by the lifecycle, not by arrival", () => {
    const timeline = buildTimeline(
      "consent_request",
      [ev("processing", 0, { receivedAt: t(1) }), ev("pending", 0, { receivedAt: t(2) })],
      NOW,
    );
    expect(timeline.entries.map((e) => e.status)).toEqual(["pending", "processing"]);
  });

  it("keeps a terminal status current even when a later non-terminal event was applied before it", () => {
    const timeline = buildTimeline("consent_request", [ev("completed", 10), ev("processing", 20)], NOW);
    expect(timeline.entries.find((e) => e.current)?.status).toBe("completed");
  });

  it("is empty for an entity without events", () => {
    expect(buildTimeline("domain", [], NOW)).toEqual({
      entries: [],
      counts: { events: 0, applied: 0, stale: 0, ignored: 0, duplicateDeliveries: 0 },
      credentialsChangedAt: null,
    });
  });

  const events = fc
    .array(
      fc.record({
        status: fc.constantFrom(...LIFECYCLE.mailbox),
        minute: fc.integer({ min: 0, max: 60 }),
        delay: fc.integer({ min: 0, max: 30 }),
        outcome: fc.constantFrom("applied", "applied", "stale", "ignored"),
        duplicateCount: fc.integer({ min: 1, max: 4 }),
      }),
      { maxLength: 25 },
    )
    .map((rows) =>
      rows.map((r, i) =>
        ev(r.status, r.minute, {
          id: i + 1,
          receivedAt: t(r.minute + r.delay),
          outcome: r.outcome,
          duplicateCount: r.duplicateCount,
        }),
      ),
    );

  it("does not depend on the order rows are read in (property)", () => {
    fc.assert(
      fc.property(
        events.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
        ),
        ([list, shuffled]) => {
          expect(buildTimeline("mailbox", shuffled, NOW)).toEqual(buildTimeline("mailbox", list, NOW));
        },
      ),
    );
  });

  it("is in vendor-time order, and applied durations tile the span from the first applied event to now (property)", () => {
    fc.assert(
      fc.property(events, (list) => {
        const { entries } = buildTimeline("mailbox", list, NOW);
        for (let i = 1; i < entries.length; i++) expect(entries[i].occurredAt >= entries[i - 1].occurredAt).toBe(true);
        const applied = entries.filter((e) => e.applied);
        expect(entries.filter((e) => e.current).length).toBe(applied.length ? 1 : 0);
        expect(entries.filter((e) => !e.applied).every((e) => e.durationMs === null)).toBe(true);
        if (applied.length) {
          const total = applied.reduce((sum, e) => sum + (e.durationMs ?? 0), 0);
          expect(total).toBe(NOW.getTime() - new Date(applied[0].occurredAt).getTime());
        }
      }),
    );
  });
});
