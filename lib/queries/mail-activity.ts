// Read models for Inkbox mail activity, per mailbox email address: event counts over 24 h and 7 d,
// a health verdict, and the activity feed. Everything returned is JSON-ready (times as ISO strings)
// and holds message metadata only: bodies and snippets are never stored (lib/webhooks/inkbox/parse.ts).
//
// Health (mailHealth below), from the events of the last 24 h and 7 d, first rule that holds:
//   no_mail         no Inkbox event for this address, ever;
//   quiet           events before, none in the last 7 days;
//   failing         in the last 24 h, bounced + failed ≥ delivered, and either a message failed
//                   (Inkbox gave up after its retries) or at least 3 bounced: little or no outbound mail
//                   gets through;
//   bounces_rising  in the last 24 h at least one bounce, a bounce rate (bounced / (delivered + bounced))
//                   of at least 2 %, and above the rate of the 6 days before (0 when those had none);
//   flowing         anything else with events in the last 7 days.
import { database } from "../db/client";
import { mailKindOf, type MailMessageMeta } from "../webhooks/inkbox/parse";

export const MAIL_KINDS = ["received", "sent", "delivered", "bounced", "failed", "forwarded"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export type MailCounts = Record<MailKind, number>;

export const MAIL_HEALTH_STATES = ["flowing", "bounces_rising", "failing", "quiet", "no_mail"] as const;
export type MailHealthState = (typeof MAIL_HEALTH_STATES)[number];
export type MailHealth = { state: MailHealthState; reason: string };

export type MailActivitySummary = {
  email: string;
  last24h: MailCounts;
  last7d: MailCounts;
  /** Vendor time of the newest event ever seen for this address. */
  lastActivityAt: string | null;
  health: MailHealth;
};

export type MailActivityItem = MailMessageMeta & {
  id: number;
  eventType: string;
  kind: MailKind | string;
  occurredAt: string;
  receivedAt: string;
  /** How many times Inkbox delivered this event (retries, replays); 1 = once. */
  duplicateCount: number;
};

export type MailActivityView = { summary: MailActivitySummary; feed: MailActivityItem[]; hasMore: boolean };

export const BOUNCE_RATE_ALARM = 0.02;
export const FAILING_MIN_BOUNCES = 3;
export const FEED_LIMIT = 50;
/**
 * The most addresses one call takes (the mailbox list asks for one page; the attention queue batches).
 * Each address is one bound value of an `IN` list, and Prisma allows 999 per statement on SQLite.
 */
export const SUMMARY_BATCH_MAX = 500;

export const HOUR = 3_600_000;
const pct = (rate: number) => `${Math.round(rate * 1000) / 10} %`;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function emptyCounts(): MailCounts {
  return { received: 0, sent: 0, delivered: 0, bounced: 0, failed: 0, forwarded: 0 };
}

/** The health verdict (rules at the head of this file). Pure. */
export function mailHealth(last24h: MailCounts, last7d: MailCounts, lastActivityAt: string | Date | null): MailHealth {
  if (!lastActivityAt) return { state: "no_mail", reason: "No Inkbox events for this address yet" };
  const total7d = MAIL_KINDS.reduce((sum, kind) => sum + last7d[kind], 0);
  if (total7d === 0) return { state: "quiet", reason: "No mail events in the last 7 days" };

  const { delivered, bounced, failed } = last24h;
  const problems = bounced + failed;
  if (problems > 0 && problems >= delivered && (failed > 0 || bounced >= FAILING_MIN_BOUNCES)) {
    return {
      state: "failing",
      reason: `${problems} of ${problems + delivered} outbound messages bounced or failed in the last 24 h`,
    };
  }
  const rate = bounced / (delivered + bounced || 1);
  const priorDelivered = last7d.delivered - delivered;
  const priorBounced = last7d.bounced - bounced;
  const priorRate = priorBounced / (priorDelivered + priorBounced || 1);
  if (bounced > 0 && rate >= BOUNCE_RATE_ALARM && rate > priorRate) {
    return {
      state: "bounces_rising",
      reason: `Bounce rate ${pct(rate)} in the last 24 h, against ${pct(priorRate)} over the 6 days before`,
    };
  }
  return {
    state: "flowing",
    reason: `${last7d.delivered} delivered, ${last7d.received} received, ${last7d.bounced} bounced in the last 7 days`,
  };
}

function countsFrom(
  rows: { mailboxEmail: string; eventType: string; _count: { _all: number } }[],
  byEmail = new Map<string, MailCounts>(),
): Map<string, MailCounts> {
  for (const row of rows) {
    const kind = mailKindOf(row.eventType);
    if (!(MAIL_KINDS as readonly string[]).includes(kind)) continue;
    const counts = byEmail.get(row.mailboxEmail) ?? emptyCounts();
    counts[kind as MailKind] += row._count._all;
    byEmail.set(row.mailboxEmail, counts);
  }
  return byEmail;
}

type RollupSums = { mailboxEmail: string; _sum: Partial<Record<MailKind, number | null>> };

function countsFromRollups(rows: RollupSums[]): Map<string, MailCounts> {
  return new Map(
    rows.map((row) => [
      row.mailboxEmail,
      Object.fromEntries(MAIL_KINDS.map((kind) => [kind, row._sum[kind] ?? 0])) as MailCounts,
    ]),
  );
}

export const ceilHour = (at: Date) => new Date(Math.ceil(at.getTime() / HOUR) * HOUR);
const sumAll = Object.fromEntries(MAIL_KINDS.map((kind) => [kind, true])) as Record<MailKind, true>;

/**
 * Summaries for a page of mailbox addresses, keyed by the lower-case address; every requested
 * address gets an entry, `no_mail` when nothing arrived. Counts come from the hourly rollups
 * (mail_rollups, kept in the ingest transaction) for the whole hours of each window, plus the raw
 * rows of the one partial hour at its start, so a window is exact to the millisecond while reading
 * at most an hour of raw mail: a fixed number of grouped queries whatever the page size or volume.
 */
export async function mailActivitySummaries(
  emails: string[],
  now = new Date(),
): Promise<Record<string, MailActivitySummary>> {
  const wanted = [...new Set(emails.map(normaliseEmail).filter(Boolean))];
  if (wanted.length > SUMMARY_BATCH_MAX)
    throw new Error(`mailActivitySummaries takes at most ${SUMMARY_BATCH_MAX} addresses at once`);
  if (wanted.length === 0) return {};
  const db = database();
  await db.ready;
  const window = async (hours: number): Promise<Map<string, MailCounts>> => {
    const since = new Date(now.getTime() - hours * HOUR);
    const whole = ceilHour(since);
    const [rollups, partial] = await Promise.all([
      db.prisma.mailRollup.groupBy({
        by: ["mailboxEmail"],
        where: { mailboxEmail: { in: wanted }, hour: { gte: whole } },
        _sum: sumAll,
      }),
      whole.getTime() === since.getTime()
        ? []
        : db.prisma.mailActivity.groupBy({
            by: ["mailboxEmail", "eventType"],
            where: { mailboxEmail: { in: wanted }, occurredAt: { gte: since, lt: whole } },
            _count: { _all: true },
          }),
    ]);
    return countsFrom(partial, countsFromRollups(rollups));
  };
  const [last24h, last7d, latest] = await Promise.all([
    window(24),
    window(24 * 7),
    db.prisma.mailRollup.groupBy({
      by: ["mailboxEmail"],
      where: { mailboxEmail: { in: wanted } },
      _max: { lastOccurredAt: true },
    }),
  ]);
  const lastAt = new Map(latest.map((row) => [row.mailboxEmail, row._max.lastOccurredAt?.toISOString() ?? null]));
  return Object.fromEntries(
    wanted.map((email) => {
      const summary = {
        email,
        last24h: last24h.get(email) ?? emptyCounts(),
        last7d: last7d.get(email) ?? emptyCounts(),
        lastActivityAt: lastAt.get(email) ?? null,
      };
      return [email, { ...summary, health: mailHealth(summary.last24h, summary.last7d, summary.lastActivityAt) }];
    }),
  );
}

export async function mailActivitySummary(email: string, now = new Date()): Promise<MailActivitySummary> {
  const key = normaliseEmail(email);
  return (await mailActivitySummaries([key], now))[key];
}

const parseList = (value: string): string[] => {
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

/** The newest events of one address, newest first, with how often each was delivered. */
export async function mailActivityFeed(
  email: string,
  options: { limit?: number } = {},
): Promise<{ items: MailActivityItem[]; hasMore: boolean }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? FEED_LIMIT), 1), 500);
  const db = database();
  await db.ready;
  const rows = await db.prisma.mailActivity.findMany({
    where: { mailboxEmail: normaliseEmail(email) },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const counts = page.length
    ? await db.prisma.webhookEvent.findMany({
        where: { dedupeKey: { in: page.map((r) => r.dedupeKey) } },
        select: { dedupeKey: true, duplicateCount: true },
      })
    : [];
  const duplicates = new Map(counts.map((c) => [c.dedupeKey, c.duplicateCount]));
  return {
    hasMore: rows.length > limit,
    items: page.map((r) => ({
      id: r.id,
      eventType: r.eventType,
      kind: mailKindOf(r.eventType),
      occurredAt: r.occurredAt.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
      direction: r.direction,
      status: r.status,
      messageUid: r.messageUid,
      threadId: r.threadId,
      fromAddress: r.fromAddress,
      toAddresses: parseList(r.toAddresses),
      ccAddresses: parseList(r.ccAddresses),
      subject: r.subject,
      hasAttachments: r.hasAttachments,
      bounceReason: r.bounceReason,
      duplicateCount: duplicates.get(r.dedupeKey) ?? 1,
    })),
  };
}

/** Everything the mailbox page shows about mail: counts, health and the feed. */
export async function mailActivityView(
  email: string,
  options: { limit?: number; now?: Date } = {},
): Promise<MailActivityView> {
  const [summary, feed] = await Promise.all([
    mailActivitySummary(email, options.now),
    mailActivityFeed(email, options),
  ]);
  return { summary, feed: feed.items, hasMore: feed.hasMore };
}
