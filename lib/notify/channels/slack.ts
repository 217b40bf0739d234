// Slack incoming webhook: a readable message (blocks, with a link to the item) posted to the URL.
import { renderSlack, type OutgoingMessage } from "../message";
import { postJson } from "./http";

export async function sendSlack(webhookUrl: string, message: OutgoingMessage): Promise<void> {
  await postJson(webhookUrl, JSON.stringify(renderSlack(message)));
}
