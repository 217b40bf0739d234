// The mailboxes list's order by mail health (`sort=mailHealth`), worst first:
//   1. the health state (lib/queries/mail-activity.ts mailHealth): failing, bounces rising, flowing, quiet;
//   2. the share of outbound mail that bounced or failed in the last 24 h, higher first;
//   3. the same share over the last 7 days, higher first;
//   4. mail volume (every kind) over the last 7 days, more first;
// and mailboxes that never had Inkbox mail last, in either direction (`dir=desc` reverses the rest).
//
// At 100,000 mailboxes the order cannot be counted per request, so each mailbox row holds its key
// (mail_health_key), computed from the hourly rollups (mail_rollups, never raw mail rows) over the
// whole hours of each window, and the time it holds until (mail_health_until): the moment the oldest
// hour of its mail leaves the 24 h or 7 d window. New mail clears mail_health_until (Inkbox ingest),
// so does any InboxKit change to the mailbox. A sorted read first computes the keys that are missing
// or expired (for a mailbox that mails every hour: every hour), at most two batches on the request
// path and the rest in the background (refreshForSortedRead, 200 keys per statement with a yield
// between; lib/queries/mail-refresh.ts), then sorts on the indexed column. Only such a read refreshes
// keys: the attention queue reads the trouble verdict each mailbox keeps beside it
// (lib/queries/mail-verdict.ts), which rarely expires. The badge in the row counts the exact
// windows; the key counts whole hours, so at the edge of a window the two can differ by the mail of
// one hour.
import { Prisma } from "../generated/sqlite/client";
import { database } from "../db/client";
import {
  ceilHour,
  HOUR,
  MAIL_KINDS,
  mailHealth,
  normaliseEmail,
  type MailCounts,
  type MailHealthState,
} from "./mail-activity";
import { catchUp, FOREVER, refreshBeforeRead, refreshDue, type Cached, type Due, type Limits } from "./mail-refresh";

const RANK: Record<MailHealthState, number | null> = {
  failing: 0,
  bounces_rising: 1,
  flowing: 2,
  quiet: 3,
  no_mail: null,
};
const VOLUME_MAX = 999_999_999;

const digits = (n: number, width: number) => String(n).padStart(width, "0");

/** Bounced + failed over all outbound outcomes (0 without outbound mail). */
const problemShare = (c: MailCounts) => (c.bounced + c.failed) / (c.delivered + c.bounced + c.failed || 1);

/**
 * The sort key (ascending = worst first), or null for a mailbox that never had mail. Pure: a
 * string of fixed-width fields, `rank.share24h.share7d.volume`, each inverted where more is worse.
 */
export function mailOrderKey(last24h: MailCounts, last7d: MailCounts, lastActivityAt: Date | null): string | null {
  const rank = RANK[mailHealth(last24h, last7d, lastActivityAt).state];
  if (rank === null) return null;
  const share = (c: MailCounts) => digits(Math.round((1 - problemShare(c)) * 10_000), 5);
  const volume = Math.min(
    MAIL_KINDS.reduce((sum, kind) => sum + last7d[kind], 0),
    VOLUME_MAX,
  );
  return `${rank}.${share(last24h)}.${share(last7d)}.${digits(VOLUME_MAX - volume, 9)}`;
}

/**
 * When a key computed at `now` stops holding: the first instant the oldest hour of a window has left
 * it. An hour is still in its window when exactly 24 h (168 h) old (ceilHour), so that is 1 ms later:
 * a key is stale at `until <= now`, and one computed on an hour boundary must not be stale at once
 * (the refresh would rewrite it for ever). Pure.
 */
export function mailOrderUntil(oldest24h: Date | null, oldest7d: Date | null): Date {
  const ends = [
    ...(oldest24h ? [oldest24h.getTime() + 24 * HOUR + 1] : []),
    ...(oldest7d ? [oldest7d.getTime() + 168 * HOUR + 1] : []),
  ];
  return ends.length ? new Date(Math.min(...ends)) : FOREVER;
}

type Sums = {
  mailbox_email: string;
  last: Date | string | null;
  oldest24: Date | string | null;
  oldest7: Date | string | null;
} & Record<string, unknown>;
const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * Keys for a batch of mailboxes from the rollups of the whole hours of each window: one grouped
 * query over the batch's rollup rows (the primary key's address prefix), never raw mail.
 */
async function computeKeys(rows: Due[], now: Date) {
  const db = database();
  const emails = [...new Set(rows.map((r) => normaliseEmail(r.email)))];
  const day = ceilHour(new Date(now.getTime() - 24 * HOUR));
  const week = ceilHour(new Date(now.getTime() - 168 * HOUR));
  const sums = (since: Date, suffix: string) =>
    Prisma.join(
      MAIL_KINDS.map(
        (kind) =>
          Prisma.sql`SUM(CASE WHEN "hour" >= ${since} THEN ${Prisma.raw(`"${kind}"`)} ELSE 0 END) AS ${Prisma.raw(`"${kind}${suffix}"`)}`,
      ),
    );
  const found = await db.prisma.$queryRaw<Sums[]>`SELECT "mailbox_email", ${sums(day, "24")}, ${sums(week, "7")},
      MIN(CASE WHEN "hour" >= ${day} THEN "hour" END) AS "oldest24", MIN(CASE WHEN "hour" >= ${week} THEN "hour" END) AS "oldest7",
      MAX("last_occurred_at") AS "last"
    FROM "mail_rollups" WHERE "mailbox_email" IN (${Prisma.join(emails)}) GROUP BY "mailbox_email"`;
  const counts = (row: Sums, suffix: string) =>
    Object.fromEntries(MAIL_KINDS.map((kind) => [kind, Number(row[`${kind}${suffix}`] ?? 0)])) as MailCounts;
  const byEmail = new Map(found.map((row) => [row.mailbox_email, row]));
  return rows.map((r) => {
    const row = byEmail.get(normaliseEmail(r.email));
    const key = row ? mailOrderKey(counts(row, "24"), counts(row, "7"), asDate(row.last)) : null;
    const until = row ? mailOrderUntil(asDate(row.oldest24), asDate(row.oldest7)) : FOREVER;
    return { ...r, values: [key, until] };
  });
}

const KEY: Cached = {
  until: "mail_health_until",
  index: "mailboxes_mail_health_until_idx",
  columns: [
    { name: "mail_health_key", type: "TEXT" },
    { name: "mail_health_until", type: "TIMESTAMP(3)" },
  ],
  compute: computeKeys,
};

/**
 * Computes missing or expired keys, `limits.batch` mailboxes at a time, at most `limits.batches`
 * batches (all by default), so a sort at `now` is up to date. Returns how many keys it wrote and
 * whether none is left stale (false also when a round wrote nothing: every row of it changed
 * meanwhile, and the next read computes those).
 */
export function refreshMailOrder(now: Date = new Date(), limits?: Limits) {
  return refreshDue(KEY, now, limits);
}

/** Batches a sorted read computes before it answers; the rest follow in the background. */
export const READ_LIMITS: Limits = { batch: 1000, batches: 2 };

/**
 * Before a `sort=mailHealth` read: at most READ_LIMITS keys on the request path (about a second at
 * worst), then one background refresh per process for the rest. At 100,000 mailboxes the first
 * sorted read after the migration had to compute every key (65.8 s on SQLite, 75.7 s on PostgreSQL,
 * loaded machine) and the first after an hour boundary up to 12,500 (5-11 s); now those reads answer
 * at once with the keys already known (older keys keep their last value, missing ones sort last)
 * and are exact again when the background refresh ends.
 */
export const refreshForSortedRead = (now: Date, limits: Limits = READ_LIMITS) => refreshBeforeRead(KEY, now, limits);

/** The background refresh a sorted read started, if one is running (tests wait for it). */
export const mailOrderCatchUp = (): Promise<void> => catchUp(KEY);

/** The list's order for `sort=mailHealth`: worst first for `asc`, no-mail mailboxes last either way. */
export function mailOrder(dir: "asc" | "desc") {
  return [{ mailHealthKey: { sort: dir, nulls: "last" as const } }, { uid: dir }];
}
