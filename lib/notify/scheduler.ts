// The scheduler compares what is open now with what has been announced, every 30 s (one instance
// at a time on PostgreSQL: lib/notify/lease.ts):
//   - an item that is open, not acknowledged and not snoozed, and not yet announced → an alert to
//     every destination (one per item and condition: the dedupe key holds the condition's episode);
//   - an announced item that is no longer open → one resolution notice;
//   - a customer_action item of a workspace with a contact email and nudges on → a nudge with the
//     signed onboarding link, reminders 24 h and 72 h after it while the item stays open, and
//     nothing more (pending reminders cancelled) once it resolves.
// Evaluating twice at the same moment writes nothing new: every write is keyed.
import type { Database } from "../db/client";
import type { NotifyConfig } from "../config";
import { customerLinkPath, signCustomerLink } from "../customer-link";
import type { Clock } from "./clock";
import type { NotifySources, OpenItem, WorkspaceNotifySettings } from "./conditions";
import { defaultWorkspaceSettings } from "./conditions";
import { destinationKey, type Destination } from "./channels/index";
import type { NotificationContent } from "./message";
import { countWritten, enqueueStatements, type NewNotification } from "./outbox";
import { Prisma } from "../generated/sqlite/client";
import { alertDestinations, GLOBAL_SCOPE, loadChannelSettings, type ChannelSettings } from "./settings";
import { nudgeContent, type NudgeStep } from "./nudges";
import { openItemOf } from "./sources";
import { deleteTriggersStatement, pendingTriggers } from "./triggers";
import { breathe } from "../queries/db";
import { log } from "../log";

export const EVALUATE_EVERY_MS = 30_000;
export const REMINDERS: readonly { step: NudgeStep; afterMs: number }[] = [
  { step: "reminder_24h", afterMs: 24 * 3600_000 },
  { step: "reminder_72h", afterMs: 72 * 3600_000 },
];
export const CUSTOMER_LINK_DAYS = 14;

export type SchedulerContext = {
  db: Database;
  config: () => NotifyConfig;
  clock: Clock;
  sources: NotifySources;
  /** CUSTOMER_LINK_SECRET (read when a nudge is written). */
  linkSecret: () => string;
};

type ConditionRow = {
  key: string;
  itemId: string;
  workspaceId: string | null;
  episode: number;
  openedAt: Date;
};

export type EvaluateResult = { opened: number; resolved: number; nudges: number; reminders: number; written: number };
/** A round's counts before it has done anything (and of a round that wrote nothing). */
const nothingYet = (): EvaluateResult => ({ opened: 0, resolved: 0, nudges: 0, reminders: 0, written: 0 });

const alertKey = (id: string) => `alert:${id}`;
/** Rows per statement when the scheduler reads or writes many conditions, with a yield between reads. */
const CHUNK = 2000;
const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Every open condition without its content (the announcement, read only for those that resolve), CHUNK at a time. */
async function openConditions(db: Database): Promise<ConditionRow[]> {
  const out: ConditionRow[] = [];
  for (;;) {
    const page = await db.prisma.notificationCondition.findMany({
      where: { resolvedAt: null, ...(out.length ? { key: { gt: out[out.length - 1].key } } : {}) },
      select: { key: true, itemId: true, workspaceId: true, episode: true, openedAt: true },
      orderBy: { key: "asc" },
      take: CHUNK,
    });
    out.push(...page);
    if (page.length < CHUNK) return out;
    await breathe();
  }
}

/** The announcements of `conditions`, by key. */
async function contentOf(db: Database, conditions: ConditionRow[]): Promise<Map<string, string>> {
  const rows = [];
  for (const part of chunks(conditions.map((c) => c.key)))
    rows.push(
      ...(await db.prisma.notificationCondition.findMany({
        where: { key: { in: part } },
        select: { key: true, content: true },
      })),
    );
  return new Map(rows.map((r) => [r.key, r.content]));
}
const nudgeKey = (id: string) => `nudge:${id}`;

function alertContent(item: OpenItem, config: NotifyConfig, now: Date): NotificationContent {
  return {
    kind: "alert",
    audience: "operator",
    severity: item.severity,
    title: item.title,
    body: item.body,
    link: { label: "Open in the dashboard", url: `${config.dashboardUrl}${item.path}` },
    item: {
      id: item.id,
      kind: item.kind,
      workspaceId: item.workspaceId,
      ...(item.channel ? { channel: item.channel } : {}),
    },
    occurredAt: now.toISOString(),
  };
}

/** How long an announced condition lasted, for its resolution notice. */
function lastedSince(openedAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.round((now.getTime() - openedAt.getTime()) / 60_000));
  return minutes < 120
    ? `${minutes} min`
    : minutes < 2880
      ? `${Math.round(minutes / 60)} h`
      : `${Math.round(minutes / 1440)} d`;
}

function resolvedContent(opened: NotificationContent, now: Date, body: string): NotificationContent {
  return { ...opened, kind: "resolved", severity: "info", body: [body], occurredAt: now.toISOString() };
}

const notificationsFor = (
  destinations: Destination[],
  base: Omit<NewNotification, "to" | "dedupeKey">,
  key: string,
): NewNotification[] => destinations.map((to) => ({ ...base, to, dedupeKey: `${destinationKey(to)}|${key}` }));

async function loadContext(ctx: SchedulerContext, items: OpenItem[], open: ConditionRow[]) {
  const ids = [...new Set([...items, ...open].map((x) => x.workspaceId).filter((w): w is string => w !== null))];
  const [channels, workspaces] = await Promise.all([
    loadChannelSettings(ctx.db, [GLOBAL_SCOPE, ...ids]),
    ctx.sources.workspaces(ids),
  ]);
  return {
    global: channels.get(GLOBAL_SCOPE)!,
    channels: (id: string | null): ChannelSettings | null => (id ? (channels.get(id) ?? null) : null),
    workspace: (id: string | null): WorkspaceNotifySettings | null =>
      id ? (workspaces.get(id) ?? defaultWorkspaceSettings(id)) : null,
  };
}

const roundOf = async (db: Database) =>
  (await db.prisma.notificationScheduler.findUniqueOrThrow({ where: { id: 1 }, select: { round: true } })).round;

/**
 * The first write of a round that read `round` before its first read: moves the counter on, or, when
 * another round committed meanwhile, sets it to -1, which the table's CHECK refuses, so the whole
 * transaction rolls back. On PostgreSQL the row lock makes a concurrent round wait and then see the
 * committed value; on SQLite writers are serialised and read the newest data.
 */
const nextRoundStatement = (db: Database, round: number) => db.prisma.$executeRaw`
  UPDATE "notification_scheduler" SET "round" = CASE WHEN "round" = ${round} THEN "round" + 1 ELSE -1 END WHERE "id" = 1`;

/**
 * One evaluation at `ctx.clock()`; every write is in one transaction. Evaluating is one round at a
 * time (the lease), but when two overlap anyway (a lease connection dropped mid-round, two
 * processes on one SQLite file), a round whose reads another round's commit overtook could act on
 * what that one already changed (alert a second episode of a condition it had just resolved); it
 * writes nothing instead, and what it saw is evaluated again by the next round.
 */
export async function evaluate(ctx: SchedulerContext): Promise<EvaluateResult> {
  const round = await roundOf(ctx.db); // before any other read
  const now = ctx.clock();
  const config = ctx.config();
  // Triggers before the queue: every trigger read here was committed before the queue is read, so a
  // failure still open is in the queue (announced below as it is), and only one that is over is
  // announced with its resolution. The other way round, a delivery committing between the two reads
  // (any instance, while this round runs) looked over: alert and resolution, then the next round
  // found it open and alerted a second episode.
  const triggers = await pendingTriggers(ctx.db, now);
  const items = await ctx.sources.items(now);
  const triggered = triggers.map((t) => ({ ...t, open: openItemOf(t.item) }));
  const open = await openConditions(ctx.db);
  const openByKey = new Map(open.map((c) => [c.key, c]));
  const present = new Map(items.map((i) => [i.id, i]));
  const s = await loadContext(ctx, [...items, ...triggered.map((t) => t.open)], open);
  const nudged = (i: OpenItem) => {
    const ws = s.workspace(i.workspaceId);
    return !!ws?.nudges && !!ws.contactEmail && !!config.smtp;
  };
  const customerItems = items.filter((i) => i.kind === "customer_action" && i.request && i.workspaceId && nudged(i));
  // Earlier episodes only of the conditions this evaluation may open (at scale: tens of thousands
  // open, a handful new per round).
  const all = new Map(
    (
      await ctx.db.prisma.notificationCondition.findMany({
        where: {
          key: {
            in: [
              ...items.map((i) => alertKey(i.id)),
              ...customerItems.map((i) => nudgeKey(i.id)),
              ...triggered.map((t) => alertKey(t.open.id)),
            ].filter((key) => !openByKey.has(key)),
          },
        },
        select: { key: true, episode: true },
      })
    ).map((c) => [c.key, c]),
  );
  const result = nothingYet();
  const notifications: NewNotification[] = [];
  const statements: Prisma.PrismaPromise<unknown>[] = [];
  const opening: { key: string; row: Prisma.Sql }[] = [];
  const resolving: string[] = [];

  const openCondition = (key: string, item: OpenItem, content: NotificationContent): number => {
    const episode = (all.get(key)?.episode ?? 0) + 1;
    opening.push({
      key,
      row: Prisma.sql`(${key}, ${item.id}, ${item.workspaceId}, ${episode}, ${now}, ${JSON.stringify(content)})`,
    });
    return episode;
  };

  const destinationsOf = (workspaceId: string | null, channel: string | undefined) =>
    alertDestinations(config, s.global, s.channels(workspaceId), s.workspace(workspaceId), channel);

  // Operator alerts.
  for (const item of items) {
    if (item.silenced || openByKey.has(alertKey(item.id))) continue;
    const content = alertContent(item, config, now);
    const episode = openCondition(alertKey(item.id), item, content);
    const to = destinationsOf(item.workspaceId, item.channel);
    notifications.push(
      ...notificationsFor(
        to,
        { kind: "alert", itemId: item.id, workspaceId: item.workspaceId, content },
        `${item.id}|${episode}|alert`,
      ),
    );
    result.opened += 1;
  }
  const gone = open.filter((c) => c.key.startsWith("alert:") && !present.has(c.itemId));
  const announced = await contentOf(ctx.db, gone);
  for (const c of gone) {
    const content = resolvedContent(
      JSON.parse(announced.get(c.key)!) as NotificationContent,
      now,
      `No longer needs attention (alerted ${lastedSince(new Date(c.openedAt), now)} ago).`,
    );
    resolving.push(c.key);
    const to = destinationsOf(c.workspaceId, content.item?.channel);
    notifications.push(
      ...notificationsFor(
        to,
        { kind: "resolved", itemId: c.itemId, workspaceId: c.workspaceId, content },
        `${c.itemId}|${c.episode}|resolved`,
      ),
    );
    result.resolved += 1;
  }

  // Failures written with their delivery (lib/notify/triggers.ts). One the queue still shows is
  // announced above; one already over is announced now with its resolution, once.
  const failingNow = new Set(items.filter((i) => i.kind === "failed").map((i) => i.subject));
  for (const { open: item, statusNow } of triggered) {
    const key = alertKey(item.id);
    if (failingNow.has(item.subject) || all.has(key) || opening.some((o) => o.key === key)) continue;
    const content = alertContent(item, config, now);
    const episode = openCondition(key, item, content);
    resolving.push(key);
    const gone = resolvedContent(
      content,
      now,
      statusNow
        ? `No longer needs attention: now ${statusNow.replace(/_/g, " ")}. It changed before this alert went out.`
        : "No longer needs attention: it is no longer stored.",
    );
    const to = destinationsOf(item.workspaceId, undefined);
    const base = { itemId: item.id, workspaceId: item.workspaceId };
    notifications.push(
      ...notificationsFor(to, { ...base, kind: "alert", content }, `${item.id}|${episode}|alert`),
      ...notificationsFor(to, { ...base, kind: "resolved", content: gone }, `${item.id}|${episode}|resolved`),
    );
    result.opened += 1;
    result.resolved += 1;
  }
  if (triggers.length)
    statements.push(
      deleteTriggersStatement(
        ctx.db,
        triggers.map((t) => t.id),
      ),
    );

  // Customer nudges.
  const written = new Set(
    (
      await ctx.db.prisma.notification.findMany({
        where: { itemId: { in: customerItems.map((i) => i.id) }, kind: { in: ["nudge", "reminder"] } },
        select: { dedupeKey: true },
      })
    ).map((n) => n.dedupeKey),
  );
  for (const item of customerItems) {
    const ws = s.workspace(item.workspaceId)!;
    const key = nudgeKey(item.id);
    const held = openByKey.get(key);
    const episode = held?.episode ?? (all.get(key)?.episode ?? 0) + 1;
    const to: Destination = { channel: "email", recipient: ws.contactEmail!.toLowerCase() };
    const steps = held
      ? REMINDERS.filter((r) => now.getTime() - new Date(held.openedAt).getTime() >= r.afterMs).map((r) => r.step)
      : ["nudge" as const];
    for (const step of steps) {
      const dedupeKey = `${destinationKey(to)}|${item.id}|${episode}|${step}`;
      if (written.has(dedupeKey)) continue;
      const token = await signCustomerLink(item.workspaceId!, ctx.linkSecret(), { now, days: CUSTOMER_LINK_DAYS });
      const link = `${config.dashboardUrl}${customerLinkPath(item.workspaceId!, token)}`;
      const content = await nudgeContent(item, ws, step, link, now, CUSTOMER_LINK_DAYS);
      if (!content) continue;
      if (!held) openCondition(key, item, content);
      notifications.push({
        to,
        kind: content.kind,
        itemId: item.id,
        workspaceId: item.workspaceId,
        content,
        dedupeKey,
      });
      if (step === "nudge") result.nudges += 1;
      else result.reminders += 1;
    }
  }
  for (const c of open.filter((c) => c.key.startsWith("nudge:") && present.get(c.itemId)?.kind !== "customer_action")) {
    resolving.push(c.key);
    // Once the customer has done it, nothing more goes out: not even a reminder already written.
    statements.push(
      ctx.db.prisma.notification.updateMany({
        where: { itemId: c.itemId, kind: { in: ["nudge", "reminder"] }, status: "pending" },
        data: { status: "cancelled", lastError: "the customer completed the step before it was sent" },
      }),
    );
  }

  // Keys in one order everywhere, so concurrent writers cannot deadlock. A condition another
  // evaluation opened meanwhile stays as it is (same episode, same dedupe keys).
  // In statements of CHUNK rows: a first round at scale opens tens of thousands at once, past
  // SQLite's 32,766 and PostgreSQL's 65,535 bound values per statement.
  opening.sort((x, y) => (x.key < y.key ? -1 : 1));
  for (const part of chunks(opening)) {
    statements.push(ctx.db.prisma.$executeRaw`
      INSERT INTO "notification_conditions" ("key", "item_id", "workspace_id", "episode", "opened_at", "content")
      VALUES ${Prisma.join(part.map((o) => o.row))}
      ON CONFLICT ("key") DO UPDATE SET "item_id" = excluded."item_id", "workspace_id" = excluded."workspace_id",
        "episode" = excluded."episode", "opened_at" = excluded."opened_at", "resolved_at" = NULL, "content" = excluded."content"
      WHERE "notification_conditions"."resolved_at" IS NOT NULL`);
  }
  for (const part of chunks(resolving.sort())) {
    statements.push(
      ctx.db.prisma.notificationCondition.updateMany({
        where: { key: { in: part }, resolvedAt: null },
        data: { resolvedAt: now },
      }),
    );
  }
  const writes = [...statements, ...enqueueStatements(ctx.db, notifications, now)];
  if (writes.length === 0) return result;
  try {
    result.written = countWritten(
      notifications,
      await ctx.db.prisma.$transaction([nextRoundStatement(ctx.db, round), ...writes]),
    );
  } catch (error) {
    if ((await roundOf(ctx.db)) === round) throw error;
    log.info("notifications scheduler round overtaken by another; it wrote nothing", { round });
    return nothingYet();
  }
  return result;
}
