// The mail trouble verdict and the instant it stops holding (lib/queries/mail-verdict.ts mailVerdict)
// against the reference: mailHealth over the whole hours of the 24 h and 7 d windows at an instant
// (the hours a window holds: those at most its length old), `since` the first hour of the 24 h window
// with a bounce or failure. Evaluated at every instant where a window can change (each hour's
// boundaries and 1 ms either side) and at random ones: the verdict holds at each instant before its
// until, differs at its until, and holds for good when until is FOREVER.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ceilHour, emptyCounts, HOUR, MAIL_KINDS, mailHealth, type MailCounts } from "@/lib/queries/mail-activity";
import { mailVerdict, type HourMail } from "@/lib/queries/mail-verdict";
import { FOREVER } from "@/lib/queries/mail-refresh";

const BASE = new Date("2026-06-01T12:00:00.000Z").getTime();

/** The reference at instant `at`, written out from the rules, not from the code under test. */
function reference(hours: HourMail[], last: Date | null, at: number) {
  const inWindow = (h: HourMail, length: number) => h.hour.getTime() >= ceilHour(new Date(at - length)).getTime();
  const sum = (rows: HourMail[]) => {
    const out: MailCounts = emptyCounts();
    for (const r of rows) for (const kind of MAIL_KINDS) out[kind] += r.counts[kind];
    return out;
  };
  const day = hours.filter((h) => inWindow(h, 24 * HOUR));
  const state = mailHealth(sum(day), sum(hours.filter((h) => inWindow(h, 168 * HOUR))), last).state;
  if (state !== "failing" && state !== "bounces_rising") return { state: null, since: null };
  const trouble = day.filter((h) => h.counts.bounced > 0 || h.counts.failed > 0).map((h) => h.hour.getTime());
  return { state, since: new Date(Math.min(...trouble)) };
}

const countsArb = fc.record({
  received: fc.nat(2),
  sent: fc.nat(2),
  delivered: fc.oneof(fc.constant(0), fc.nat(40)),
  bounced: fc.oneof(fc.constant(0), fc.constant(0), fc.nat(4)),
  failed: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.nat(2)),
  forwarded: fc.constant(0),
});
/**
 * Hours of mail from 200 h before BASE to 3 h after it (clock skew), at most one row per hour, most
 * of them where the clock's windows end: the last day, and the hours leaving the week meanwhile.
 */
const agoArb = fc.oneof(fc.integer({ min: -3, max: 30 }), fc.integer({ min: 136, max: 200 }));
const hoursArb = fc
  .uniqueArray(fc.record({ ago: agoArb, counts: countsArb }), {
    maxLength: 30,
    selector: (h) => h.ago,
  })
  .map((rows) => rows.map((r) => ({ hour: new Date(BASE - r.ago * HOUR), counts: r.counts })));
/** A clock near BASE: on an hour boundary, 1 ms either side of one, or anywhere in the hour. */
const nowArb = fc.oneof(
  fc.integer({ min: -2, max: 30 }).chain((h) => fc.constantFrom(-1, 0, 1).map((ms) => BASE + h * HOUR + ms)),
  fc.integer({ min: 0, max: 30 * HOUR }).map((ms) => BASE + ms),
);

/** Every instant a window can change at, 1 ms either side, from `now` to a day past the last week. */
function instants(hours: HourMail[], now: number, random: number[]): number[] {
  const edges = hours.flatMap(({ hour }) =>
    [24, 168].flatMap((h) => [-1, 0, 1, 2].map((ms) => hour.getTime() + h * HOUR + ms)),
  );
  const hourly = Array.from({ length: 200 }, (_, i) => ceilHour(new Date(now)).getTime() + i * HOUR);
  return [...new Set([now, ...edges, ...hourly, ...random.map((r) => now + r)])]
    .filter((t) => t >= now)
    .sort((a, b) => a - b);
}

const plain = (v: { state: string | null; since: Date | null }) => ({ state: v.state, since: v.since?.toISOString() });

describe("mailVerdict", () => {
  it("property: holds at every instant before its until, changes at it, and FOREVER holds for good", () => {
    fc.assert(
      fc.property(
        hoursArb,
        nowArb,
        fc.array(fc.integer({ min: 0, max: 300 * HOUR }), { maxLength: 20 }),
        (hours, now, random) => {
          const last = hours.length ? new Date(Math.max(...hours.map((h) => h.hour.getTime())) + 60_000) : null;
          const verdict = mailVerdict(hours, last, new Date(now));
          expect(plain(verdict)).toEqual(plain(reference(hours, last, now)));
          expect(verdict.until.getTime()).toBeGreaterThan(now);
          const until = verdict.until.getTime();
          for (const t of instants(hours, now, random)) {
            if (t >= until) break;
            expect(plain(reference(hours, last, t)), `at ${new Date(t).toISOString()}`).toEqual(plain(verdict));
          }
          if (verdict.until === FOREVER) return;
          expect(plain(reference(hours, last, until))).not.toEqual(plain(verdict));
          // Computed again at its until (the refresh's `now`), the new verdict is not due at once.
          const next = mailVerdict(hours, last, verdict.until);
          expect(plain(next)).toEqual(plain(reference(hours, last, until)));
          expect(next.until.getTime()).toBeGreaterThan(until);
        },
      ),
      { numRuns: Number(process.env.VERDICT_RUNS ?? 500) },
    );
  });

  // A verdict counts whole hours, so it holds up to and including the instant its oldest trouble hour
  // is exactly 24 h old. Computed at that instant it must not be due at it: the refresh, whose `now` is
  // fixed, would read the same rows back and rewrite them for ever.
  it("computed exactly on an hour boundary, is not due at that instant", () => {
    const hour = new Date(BASE - 3 * HOUR);
    const counts = { ...emptyCounts(), failed: 1, bounced: 2 };
    const hours = [
      { hour, counts },
      { hour: new Date(BASE - 2 * HOUR), counts },
    ];
    const at = new Date(hour.getTime() + 24 * HOUR);
    const verdict = mailVerdict(hours, new Date(BASE), at);
    expect(verdict).toEqual({ state: "failing", since: hour, until: new Date(at.getTime() + 1) });
    const after = mailVerdict(hours, new Date(BASE), verdict.until);
    expect(after).toEqual({
      state: "failing",
      since: new Date(BASE - 2 * HOUR),
      until: new Date(BASE + 22 * HOUR + 1),
    });
  });

  it("without a bounce or failure in the 24 h window: no trouble until new mail, however much mail ages out", () => {
    const hours = Array.from({ length: 168 }, (_, i) => ({
      hour: new Date(BASE - i * HOUR),
      counts: { ...emptyCounts(), delivered: 3, bounced: i > 30 ? 1 : 0 },
    }));
    expect(mailVerdict(hours, new Date(BASE), new Date(BASE))).toEqual({ state: null, since: null, until: FOREVER });
    expect(mailVerdict([], null, new Date(BASE))).toEqual({ state: null, since: null, until: FOREVER });
  });
});
