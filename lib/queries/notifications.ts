// Read models for the notifications page and API: the outbox (pending, sent, failed, cancelled) with
// channel, item, attempts and last error, and the channels as configured (secrets masked).
import { z } from "zod";
import type { NotifyConfig } from "../config";
import { CHANNELS } from "../notify/channels/index";
import { contentSchema } from "../notify/message";
import { maskUrlPassword, maskWebhookUrl } from "../notify/secrets";
import { GLOBAL_SCOPE, loadChannelSettings, type ChannelSettings } from "../notify/settings";
import { database } from "../db/client";
import { jsonify, ready, type Jsonified } from "./db";

export const NOTIFICATION_STATUSES = ["pending", "sent", "failed", "cancelled"] as const;

export const notificationsQuery = z
  .object({
    status: z.enum(NOTIFICATION_STATUSES).optional(),
    channel: z.enum(CHANNELS).optional(),
    workspace: z.string().trim().min(1).max(200).optional(),
    kind: z.enum(["alert", "resolved", "nudge", "reminder", "failed_delivery", "test"]).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

const select = {
  id: true,
  channel: true,
  recipient: true,
  kind: true,
  itemId: true,
  workspaceId: true,
  content: true,
  status: true,
  attempts: true,
  lastError: true,
  messageId: true,
  createdAt: true,
  nextAttemptAt: true,
  lastAttemptAt: true,
  sentAt: true,
} as const;

type Selected = {
  id: number;
  channel: string;
  recipient: string | null;
  kind: string;
  itemId: string | null;
  workspaceId: string | null;
  content: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
};

export type NotificationRow = Jsonified<Omit<Selected, "content">> & {
  title: string;
  audience: "operator" | "customer";
  link: string | null;
};

export type NotificationsPage = { rows: NotificationRow[]; counts: Record<string, number>; nextBefore: number | null };

function toRow({ content, ...row }: Selected): NotificationRow {
  const parsed = contentSchema.safeParse(JSON.parse(content));
  const c = parsed.success ? parsed.data : null;
  // A customer's signed link is theirs: the page shows where it points, not the token.
  const link = c?.link ? (c.audience === "customer" ? c.link.url.replace(/token=[^&]+/, "token=…") : c.link.url) : null;
  return { ...jsonify(row), title: c?.title ?? "(unreadable)", audience: c?.audience ?? "operator", link };
}

/** How many notifications are in each status (all of them, or those matching `filters`). */
export async function outboxCounts(
  filters: { channel?: string; workspaceId?: string; kind?: string } = {},
): Promise<Record<string, number>> {
  const prisma = await ready();
  const groups = await prisma.notification.groupBy({ by: ["status"], where: filters, _count: { _all: true } });
  const counts: Record<string, number> = Object.fromEntries(NOTIFICATION_STATUSES.map((s) => [s, 0]));
  for (const g of groups) counts[g.status] = g._count._all;
  return counts;
}

export async function listNotifications(q: NotificationsQuery): Promise<NotificationsPage> {
  const prisma = await ready();
  const filters = { channel: q.channel, workspaceId: q.workspace, kind: q.kind };
  const where = { ...filters, status: q.status, ...(q.before ? { id: { lt: q.before } } : {}) };
  const [rows, counts] = await Promise.all([
    prisma.notification.findMany({ where, select, orderBy: { id: "desc" }, take: q.limit + 1 }),
    outboxCounts(filters),
  ]);
  const page = rows.slice(0, q.limit) as Selected[];
  return { rows: page.map(toRow), counts, nextBefore: rows.length > q.limit ? page[page.length - 1].id : null };
}

export type ChannelStatus = {
  channel: (typeof CHANNELS)[number];
  configured: boolean;
  target: string | null;
  detail: string | null;
  variables: string;
};

/** Each channel as the environment configures it, with its secret parts masked. */
export function channelStatus(config: NotifyConfig): ChannelStatus[] {
  return [
    {
      channel: "slack",
      configured: !!config.slackWebhookUrl,
      target: config.slackWebhookUrl ? maskWebhookUrl(config.slackWebhookUrl) : null,
      detail: null,
      variables: "ALERT_SLACK_WEBHOOK_URL",
    },
    {
      channel: "webhook",
      configured: !!config.webhook,
      target: config.webhook ? maskWebhookUrl(config.webhook.url) : null,
      detail: config.webhook ? "Signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)" : null,
      variables: "ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET",
    },
    {
      channel: "email",
      configured: !!config.smtp,
      target: config.smtp ? maskUrlPassword(config.smtp.url) : null,
      detail: config.smtp
        ? `From ${config.smtp.from}${config.alertEmailTo.length ? `; alerts to ${config.alertEmailTo.join(", ")}` : ""}`
        : null,
      variables: "SMTP_URL, NOTIFY_FROM, ALERT_EMAIL_TO",
    },
  ];
}

export type NotificationSettingsView = {
  channels: ChannelStatus[];
  global: Jsonified<ChannelSettings>;
  workspace: Jsonified<ChannelSettings> | null;
};

export async function notificationSettings(
  config: NotifyConfig,
  workspaceId?: string,
): Promise<NotificationSettingsView> {
  const db = database();
  await db.ready;
  const scopes = workspaceId ? [GLOBAL_SCOPE, workspaceId] : [GLOBAL_SCOPE];
  const settings = await loadChannelSettings(db, scopes);
  const view = (s: ChannelSettings) => jsonify(s) as Jsonified<ChannelSettings>;
  return {
    channels: channelStatus(config),
    global: view(settings.get(GLOBAL_SCOPE)!),
    workspace: workspaceId ? view(settings.get(workspaceId)!) : null,
  };
}
