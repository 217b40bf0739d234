// What a notification says, independent of the channel, and how each channel renders it. Pure.
// A message is one notification or, when a channel is rate-limited, a digest of several; its `id`
// is stable across retries (the generic webhook sends it as `webhook-id`).
import { z } from "zod";

export const NOTIFICATION_KINDS = ["alert", "resolved", "nudge", "reminder", "failed_delivery", "test"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const contentSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  audience: z.enum(["operator", "customer"]),
  severity: z.enum(["info", "warning", "critical"]),
  title: z.string(),
  /** Plain sentences, one per line. */
  body: z.array(z.string()),
  link: z.object({ label: z.string(), url: z.string() }).nullable(),
  /** The attention item (or other subject) this is about. */
  item: z
    .object({ id: z.string(), kind: z.string(), workspaceId: z.string().nullable(), channel: z.string().optional() })
    .nullable(),
  occurredAt: z.string(),
});
export type NotificationContent = z.infer<typeof contentSchema>;

export type OutgoingMessage = { id: string; notifications: NotificationContent[] };

const KIND_WORD: Record<NotificationKind, string> = {
  alert: "Alert",
  resolved: "Resolved",
  nudge: "Action needed",
  reminder: "Reminder",
  failed_delivery: "Notification failed",
  test: "Test",
};

function headline(n: NotificationContent): string {
  if (n.audience === "customer") return n.title;
  const severity = n.kind === "alert" ? ` (${n.severity})` : "";
  return `${KIND_WORD[n.kind]}${severity}: ${n.title}`;
}

export function isDigest(message: OutgoingMessage): boolean {
  return message.notifications.length > 1;
}

export function subject(message: OutgoingMessage): string {
  const [first] = message.notifications;
  if (!isDigest(message)) return headline(first);
  const count = message.notifications.length;
  return first.audience === "customer"
    ? `${count} updates on your email setup`
    : `Digest: ${count} notifications (${message.notifications
        .map((n) => n.title)
        .slice(0, 2)
        .join("; ")}${count > 2 ? "; …" : ""})`;
}

function textBlock(n: NotificationContent): string {
  const lines = [headline(n), ...n.body];
  if (n.link) lines.push(`${n.link.label}: ${n.link.url}`);
  return lines.join("\n");
}

export function renderText(message: OutgoingMessage): string {
  const blocks = message.notifications.map(textBlock);
  const intro = isDigest(message) ? [`${subject(message)}\n`] : [];
  return [...intro, blocks.join("\n\n---\n\n"), ""].join("\n");
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function htmlBlock(n: NotificationContent): string {
  const body = n.body.map((line) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`).join("");
  const link = n.link
    ? `<p style="margin:12px 0 0"><a href="${escapeHtml(n.link.url)}" style="color:#2563eb">${escapeHtml(n.link.label)}</a></p>`
    : "";
  return `<div style="margin:0 0 20px"><h2 style="font-size:16px;margin:0 0 8px">${escapeHtml(headline(n))}</h2>${body}${link}</div>`;
}

export function renderHtml(message: OutgoingMessage): string {
  const intro = isDigest(message) ? `<p style="margin:0 0 16px;color:#555">${escapeHtml(subject(message))}</p>` : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;color:#111">${intro}${message.notifications.map(htmlBlock).join("")}</body></html>`;
}

// Slack mrkdwn: only &, < and > need escaping (https://api.slack.com/reference/surfaces/formatting#escaping).
const escapeSlack = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const SLACK_ICON: Record<NotificationContent["severity"], string> = {
  info: ":information_source:",
  warning: ":warning:",
  critical: ":rotating_light:",
};

function slackSection(n: NotificationContent) {
  const icon = n.kind === "resolved" ? ":white_check_mark:" : SLACK_ICON[n.severity];
  const title = n.link ? `<${n.link.url}|${escapeSlack(headline(n))}>` : escapeSlack(headline(n));
  return {
    type: "section",
    text: { type: "mrkdwn", text: [`${icon} *${title}*`, ...n.body.map(escapeSlack)].join("\n") },
  };
}

/** Slack incoming-webhook payload: `text` is the notification fallback, blocks are what people read. */
export function renderSlack(message: OutgoingMessage): { text: string; blocks: unknown[] } {
  const sections = message.notifications.map(slackSection);
  const header = isDigest(message)
    ? [{ type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(subject(message)) }] }]
    : [];
  const blocks = [...header, ...sections.flatMap((s, i) => (i === 0 ? [s] : [{ type: "divider" }, s]))];
  return { text: subject(message), blocks };
}

/** The generic webhook's JSON body, shaped as Standard Webhooks recommend: { type, timestamp, data }. */
export function renderWebhookBody(message: OutgoingMessage, sentAt: Date): string {
  const [first] = message.notifications;
  return JSON.stringify({
    type: isDigest(message) ? "notification.digest" : `notification.${first.kind}`,
    timestamp: sentAt.toISOString(),
    data: { id: message.id, notifications: message.notifications },
  });
}
