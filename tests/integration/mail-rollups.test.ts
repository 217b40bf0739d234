// Hourly mail rollups against the raw rows they summarise, on a real database fed through the Inkbox
// route: for random mail (kinds, vendor times over 9 days, retries of the same delivery, several
// mailboxes) and a random "now", the 24 h / 7 d counts and the last activity read from the rollups
// equal a count over every raw mail_activity row, to the millisecond at the window edges. A retry
// counts nothing. The migration's backfill gives the same rollups as ingest does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { POST } from "@/app/api/webhooks/inkbox/route";
import { resetConfig } from "@/lib/config";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { emptyCounts, mailActivitySummaries, MAIL_KINDS, type MailCounts } from "@/lib/queries/mail-activity";
import { mailKindOf } from "@/lib/webhooks/inkbox/parse";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit } from "../helpers/inboxkit";

const KEY = "inkbox_rollup_key";
const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 10, 20, 0, 0, 0);
const MAILBOXES = ["a@rollup.test", "b@rollup.test", "c@rollup.test"];
const EVENTS = ["message.sent", "message.delivered", "message.bounced", "message.failed", "message.received"];

let serial = 0;
async function deliver(eventType: string, mailbox: string, at: Date, id: string): Promise<void> {
  const outbound = eventType !== "message.received";
  const payload = inkboxMessageEvent(
    eventType,
    {
      id: `msg_${id}`,
      mailboxEmail: mailbox,
      direction: outbound ? "outbound" : "inbound",
      from: outbound ? mailbox : "prospect@acme.com",
      to: outbound ? ["prospect@acme.com"] : [mailbox],
      subject: "Rollup",
      createdAt: at,
    },
    { at, id: `evt_${id}` },
  );
  const d = signInkbox(payload, { secret: KEY });
  const res = await POST(
    new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers: d.headers, body: d.body }),
  );
  expect(res.status).toBe(200);
}

/** The oracle: counts over every raw row, as mail health was computed before rollups. */
async function fromRawRows(t: TestDatabase, emails: string[], now: Date) {
  const rows = await t.db.prisma.mailActivity.findMany({ where: { mailboxEmail: { in: emails } } });
  const out: Record<string, { last24h: MailCounts; last7d: MailCounts; lastActivityAt: string | null }> = {};
  for (const email of emails) {
    const mine = rows.filter((r) => r.mailboxEmail === email);
    const count = (hours: number) => {
      const counts = emptyCounts();
      for (const r of mine) {
        const kind = mailKindOf(r.eventType);
        if (r.occurredAt.getTime() >= now.getTime() - hours * HOUR && (MAIL_KINDS as readonly string[]).includes(kind))
          counts[kind as keyof MailCounts] += 1;
      }
      return counts;
    };
    const last = mine.reduce<Date | null>((m, r) => (!m || r.occurredAt > m ? r.occurredAt : m), null);
    out[email] = { last24h: count(24), last7d: count(24 * 7), lastActivityAt: last?.toISOString() ?? null };
  }
  return out;
}

const NOW_MS = 9 * 24 * HOUR;
const mail = fc.record({
  event: fc.constantFrom(...EVENTS),
  mailbox: fc.constantFrom(...MAILBOXES),
  // How long before "now" it happened, to the millisecond: anywhere in 9 days, or within an hour of
  // either window's edge (where whole hours from rollups meet the partial hour of raw rows).
  ageMs: fc.oneof(
    fc.integer({ min: 0, max: 9 * 24 * HOUR }),
    fc.integer({ min: 23 * HOUR, max: 25 * HOUR }),
    fc.integer({ min: 167 * HOUR, max: 169 * HOUR }),
  ),
  retries: fc.integer({ min: 0, max: 2 }),
});

describe.each(await providers())("mail rollups on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    process.env.INKBOX_SIGNING_KEYS = KEY;
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());

  it("give the same counts as the raw rows for any mail, retries and moment", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mail, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: -2 * HOUR, max: 2 * HOUR }),
        async (events, nowJitter) => {
          await t.db.prisma.mailRollup.deleteMany();
          await t.db.prisma.mailActivity.deleteMany();
          for (const e of events) {
            const id = `${++serial}`;
            for (let i = 0; i <= e.retries; i++)
              await deliver(e.event, e.mailbox, new Date(BASE + NOW_MS - e.ageMs), id);
          }
          // "now" moves by up to 2 h either way, so events near an edge fall on both sides of it.
          const now = new Date(BASE + NOW_MS + nowJitter);
          const rollups = await mailActivitySummaries(MAILBOXES, now);
          const raw = await fromRawRows(t, MAILBOXES, now);
          for (const email of MAILBOXES) {
            expect({
              last24h: rollups[email].last24h,
              last7d: rollups[email].last7d,
              lastActivityAt: rollups[email].lastActivityAt,
            }).toEqual(raw[email]);
          }
          const stored = await t.db.prisma.mailRollup.aggregate({ _sum: { sent: true, delivered: true } });
          const sent = events.filter((e) => e.event === "message.sent").length;
          expect(stored._sum.sent ?? 0).toBe(sent); // a retry counts nothing
        },
      ),
      { numRuns: 6 },
    );
  });

  it("are rebuilt by the migration's backfill exactly as ingest kept them", async () => {
    const kept = await t.db.prisma.mailRollup.findMany({ orderBy: [{ mailboxEmail: "asc" }, { hour: "asc" }] });
    expect(kept.length).toBeGreaterThan(0);
    const sql = await import("node:fs").then((fs) =>
      fs.readFileSync(`prisma/migrations/${provider}/20261201223000_mail_rollups/migration.sql`, "utf8"),
    );
    const backfill = sql.slice(sql.indexOf("INSERT INTO"));
    await t.db.prisma.mailRollup.deleteMany();
    await t.db.prisma.$executeRawUnsafe(backfill);
    const rebuilt = await t.db.prisma.mailRollup.findMany({ orderBy: [{ mailboxEmail: "asc" }, { hour: "asc" }] });
    expect(rebuilt).toEqual(kept);
  });
});
