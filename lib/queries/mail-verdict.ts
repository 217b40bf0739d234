// The attention queue's mail items need one thing of a mailbox's Inkbox mail: the trouble verdict
// (lib/queries/mail-activity.ts mailHealth failing / bounces rising, else none) and, in trouble, since
// when (the first hour of its 24 h window with a bounce or failure). Each mailbox row keeps it
// (mail_verdict, mail_verdict_since) with the instant it stops holding (mail_verdict_until), counted,
// like the list's sort key (lib/queries/mail-order.ts), over the whole hours of the rollups.
//
// Unlike the sort key, which changes whenever an hour of mail leaves a window (every hour for a mailbox
// that mails every hour), the verdict rarely changes: without a bounce or failure in the last 24 h a
// mailbox is not in trouble until new mail arrives, and otherwise its verdict at every future hour
// boundary is known from the rollups already in the window (mailVerdict below). So the verdict is
// recomputed when it is due (a few mailboxes an hour, by the mail_verdict_until index) or when new
// mail that can change it arrives (Inkbox ingest clears mail_verdict_until for delivered, bounced and
// failed mail), never because the clock passed an hour boundary that changes nothing.
import { Prisma } from "../generated/sqlite/client";
import { database } from "../db/client";
import {
  ceilHour,
  emptyCounts,
  HOUR,
  MAIL_KINDS,
  mailHealth,
  normaliseEmail,
  type MailCounts,
  type MailKind,
} from "./mail-activity";
import { catchUp, FOREVER, refreshBeforeRead, refreshDue, type Cached, type Due, type Limits } from "./mail-refresh";

/** The verdicts that are trouble (a mailbox's mail_verdict is one of these or null). */
export const TROUBLES = ["failing", "bounces_rising"] as const;
export type Trouble = (typeof TROUBLES)[number];
/** One row of mail_rollups: the counts of one whole hour (`hour` its start). */
export type HourMail = { hour: Date; counts: MailCounts };
export type MailVerdict = { state: Trouble | null; since: Date | null; until: Date };

/** Only these kinds of mail enter the verdict (mailHealth's failing and bounces-rising rules). */
export const VERDICT_KINDS: readonly MailKind[] = ["delivered", "bounced", "failed"];

const DAY_MS = 24 * HOUR;
const WEEK_MS = 168 * HOUR;
const hasProblems = (c: MailCounts) => c.bounced > 0 || c.failed > 0;

/**
 * The verdict at instant `at` over the whole hours of each window: an hour is in a window while it is
 * at most that window's length old (ceilHour, as the SQL of the sort key counts).
 */
function verdictAt(hours: HourMail[], lastActivityAt: Date | null, at: number): Omit<MailVerdict, "until"> {
  const day = ceilHour(new Date(at - DAY_MS)).getTime();
  const week = ceilHour(new Date(at - WEEK_MS)).getTime();
  const last24h = emptyCounts();
  const last7d = emptyCounts();
  let since: number | null = null;
  for (const { hour, counts } of hours) {
    const t = hour.getTime();
    if (t < week) continue;
    for (const kind of MAIL_KINDS) last7d[kind] += counts[kind];
    if (t < day) continue;
    for (const kind of MAIL_KINDS) last24h[kind] += counts[kind];
    if (hasProblems(counts) && (since === null || t < since)) since = t;
  }
  const { state } = mailHealth(last24h, last7d, lastActivityAt);
  return state === "failing" || state === "bounces_rising"
    ? { state, since: new Date(since!) }
    : { state: null, since: null };
}

const same = (a: Omit<MailVerdict, "until">, b: Omit<MailVerdict, "until">) =>
  a.state === b.state && a.since?.getTime() === b.since?.getTime();

/**
 * The trouble verdict at `now` from one address's hourly rollups (every hour still in its 7 d window,
 * or all of them) and its last activity, with the first instant it would differ (state or since) if
 * no new mail arrived, or FOREVER. Pure.
 *
 * Without new mail the windows change only when an hour leaves one, 1 ms after it is exactly 24 h
 * (168 h) old (ceilHour keeps it in until then), so those instants are the only candidates; once the
 * last hour with a bounce or failure has left the 24 h window the verdict is "no trouble" for good,
 * so at most the boundaries of the next 25 hours are evaluated. `until` is always after `now`: a
 * verdict computed on a boundary is not due at once (the refresh would rewrite it for ever).
 */
export function mailVerdict(hours: HourMail[], lastActivityAt: Date | null, now: Date): MailVerdict {
  const current = verdictAt(hours, lastActivityAt, now.getTime());
  const problems = hours.filter((h) => hasProblems(h.counts)).map((h) => h.hour.getTime());
  const end = problems.length ? Math.max(...problems) + DAY_MS + 1 : -Infinity;
  const instants = [
    ...new Set(hours.flatMap(({ hour }) => [hour.getTime() + DAY_MS + 1, hour.getTime() + WEEK_MS + 1])),
  ]
    .filter((t) => t > now.getTime() && t <= end)
    .sort((a, b) => a - b);
  for (const t of instants) {
    if (!same(verdictAt(hours, lastActivityAt, t), current)) return { ...current, until: new Date(t) };
  }
  return { ...current, until: FOREVER };
}

type HourRow = { mailbox_email: string; hour: Date | string; last: Date | string | null } & Record<MailKind, unknown>;

/**
 * Verdicts for a batch of mailboxes. Only addresses with a bounce or failure in the 24 h window can be
 * in trouble now or later without new mail: one grouped query finds them, a second reads their hours
 * of the 7 d window (the rollups' primary key, address then hour); every other one is "no trouble"
 * until new mail arrives.
 */
async function computeVerdicts(rows: Due[], now: Date) {
  const db = database();
  const emails = [...new Set(rows.map((r) => normaliseEmail(r.email)))];
  const day = ceilHour(new Date(now.getTime() - DAY_MS));
  const week = ceilHour(new Date(now.getTime() - WEEK_MS));
  const troubled = await db.prisma.$queryRaw<{ mailbox_email: string }[]>`SELECT DISTINCT "mailbox_email"
    FROM "mail_rollups" WHERE "mailbox_email" IN (${Prisma.join(emails)}) AND "hour" >= ${day}
      AND ("bounced" > 0 OR "failed" > 0)`;
  const found = troubled.length
    ? await db.prisma.$queryRaw<
        HourRow[]
      >`SELECT "mailbox_email", "hour", ${Prisma.raw(MAIL_KINDS.map((k) => `"${k}"`).join(", "))},
          "last_occurred_at" AS "last"
        FROM "mail_rollups" WHERE "mailbox_email" IN (${Prisma.join(troubled.map((t) => t.mailbox_email))}) AND "hour" >= ${week}`
    : [];
  const byEmail = new Map<string, { hours: HourMail[]; last: Date | null }>();
  for (const row of found) {
    const mail = byEmail.get(row.mailbox_email) ?? { hours: [], last: null };
    const last = row.last === null ? null : new Date(row.last);
    if (last && (!mail.last || last > mail.last)) mail.last = last;
    const counts = Object.fromEntries(MAIL_KINDS.map((kind) => [kind, Number(row[kind] ?? 0)])) as MailCounts;
    mail.hours.push({ hour: new Date(row.hour), counts });
    byEmail.set(row.mailbox_email, mail);
  }
  return rows.map((r) => {
    const mail = byEmail.get(normaliseEmail(r.email));
    const verdict = mail ? mailVerdict(mail.hours, mail.last, now) : { state: null, since: null, until: FOREVER };
    return { ...r, values: [verdict.state, verdict.since, verdict.until] };
  });
}

const VERDICT: Cached = {
  until: "mail_verdict_until",
  index: "mailboxes_mail_verdict_until_idx",
  columns: [
    { name: "mail_verdict", type: "TEXT" },
    { name: "mail_verdict_since", type: "TIMESTAMP(3)" },
    { name: "mail_verdict_until", type: "TIMESTAMP(3)" },
  ],
  compute: computeVerdicts,
};

/**
 * Computes the verdicts that are due (missing, or past their until) at `now`, `limits.batch`
 * mailboxes at a time, at most `limits.batches` batches (all by default). A few an hour once
 * computed; every mailbox after the migration. Returns how many it wrote and whether none is left due.
 */
export function refreshMailVerdicts(now: Date = new Date(), limits?: Limits) {
  return refreshDue(VERDICT, now, limits);
}

/** Before a read of the attention queue's mail items: at most `limits` verdicts on the request path, the rest in the background. */
export const refreshVerdictsBeforeRead = (now: Date, limits: Limits) => refreshBeforeRead(VERDICT, now, limits);

/** The background refresh a read started, if one is running (tests wait for it). */
export const mailVerdictCatchUp = (): Promise<void> => catchUp(VERDICT);
