// "Send a test" for one channel: a test message goes straight out (not through the rate limit) and
// is recorded in the outbox as sent or failed, so the notifications page shows it with any error.
import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import type { NotifyConfig } from "../config";
import { deliver, destinationKey, type ChannelName, type Destination } from "./channels/index";
import type { NotificationContent } from "./message";
import { channelSecrets, scrub } from "./secrets";
import { GLOBAL_SCOPE, loadChannelSettings } from "./settings";
import { newMessageId } from "./worker";

export type TestResult = {
  delivered: boolean;
  channel: ChannelName;
  recipient: string | null;
  error: string | null;
  notificationId: number;
};

/** The recipient of an email test: the one asked for, else the first operator recipient. */
async function testRecipient(
  db: Database,
  config: NotifyConfig,
  channel: ChannelName,
  recipient?: string,
): Promise<string | null> {
  if (channel !== "email") return null;
  if (recipient) return recipient.toLowerCase();
  const global = (await loadChannelSettings(db, [GLOBAL_SCOPE])).get(GLOBAL_SCOPE)!;
  return config.alertEmailTo[0] ?? global.emailTo[0] ?? null;
}

export async function sendTest(
  db: Database,
  config: NotifyConfig,
  channel: ChannelName,
  now: Date,
  recipient?: string,
): Promise<TestResult> {
  const to: Destination = { channel, recipient: await testRecipient(db, config, channel, recipient) };
  const content: NotificationContent = {
    kind: "test",
    audience: "operator",
    severity: "info",
    title: "Test notification from the onboarding dashboard",
    body: ["If you can read this, alerts reach this channel."],
    link: { label: "Open the notifications page", url: `${config.dashboardUrl}/notifications` },
    item: null,
    occurredAt: now.toISOString(),
  };
  const messageId = newMessageId();
  let error: string | null = null;
  try {
    if (channel === "email" && !to.recipient)
      throw new Error("no recipient: set ALERT_EMAIL_TO or add one on the settings page");
    await deliver(config, to, { id: messageId, notifications: [content] });
  } catch (e) {
    error = scrub((e as Error).message, channelSecrets(config)).slice(0, 500);
  }
  const row = await db.prisma.notification.create({
    data: {
      dedupeKey: `test|${randomUUID()}`,
      channel,
      recipient: to.recipient,
      destination: destinationKey(to),
      kind: "test",
      content: JSON.stringify(content),
      status: error ? "failed" : "sent",
      attempts: 1,
      lastError: error,
      messageId,
      createdAt: now,
      nextAttemptAt: now,
      lastAttemptAt: now,
      sentAt: error ? null : now,
    },
  });
  if (!error) {
    // A delivered test proves the destination works again: it resolves a "notifications failing" item.
    const key = destinationKey(to);
    await db.prisma.notificationDestination.upsert({
      where: { key },
      create: { key, nextSendAt: new Date(0), lastSentAt: now },
      update: { lastSentAt: now },
    });
  }
  return { delivered: !error, channel, recipient: to.recipient, error, notificationId: row.id };
}
