// The channels: where a message goes, and the one call that sends it there.
import type { NotifyConfig } from "../../config";
import type { OutgoingMessage } from "../message";
import { sendEmail } from "./email";
import { ChannelError } from "./http";
import { sendSlack } from "./slack";
import { sendWebhook } from "./webhook";

export const CHANNELS = ["slack", "webhook", "email"] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** Where one message goes: a channel, and for email the recipient. */
export type Destination = { channel: ChannelName; recipient: string | null };

export const destinationKey = (d: Destination): string => `${d.channel}:${d.recipient ?? "default"}`;

export function configuredChannels(config: NotifyConfig): { slack: boolean; webhook: boolean; email: boolean } {
  return { slack: config.slackWebhookUrl !== null, webhook: config.webhook !== null, email: config.smtp !== null };
}

export async function deliver(config: NotifyConfig, to: Destination, message: OutgoingMessage): Promise<void> {
  switch (to.channel) {
    case "slack":
      if (!config.slackWebhookUrl) throw new ChannelError("Slack is not configured (ALERT_SLACK_WEBHOOK_URL)");
      return sendSlack(config.slackWebhookUrl, message);
    case "webhook":
      if (!config.webhook) throw new ChannelError("the webhook is not configured (ALERT_WEBHOOK_URL)");
      return sendWebhook(config.webhook, message);
    case "email":
      if (!config.smtp) throw new ChannelError("email is not configured (SMTP_URL, NOTIFY_FROM)");
      if (!to.recipient) throw new ChannelError("an email needs a recipient");
      return sendEmail(config.smtp, to.recipient, message);
  }
}
