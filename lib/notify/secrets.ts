// Channel secrets never leave this process in the clear: URLs are shown masked, and any text that
// could carry one (an error from a transport, say) is scrubbed before it is stored, logged or shown.
import type { NotifyConfig } from "../config";

/** `smtp://user:secret@host:587` → `smtp://user:***@host:587`; a URL without a password is unchanged. */
export function maskUrlPassword(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "***";
  }
}

/** A webhook URL (Slack's carries its token in the path): scheme and host only, the rest masked. */
export function maskWebhookUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}/***`;
  } catch {
    return "***";
  }
}

/** The values that must never appear in any message, row, log line or page. */
export function channelSecrets(config: NotifyConfig): string[] {
  const secrets: string[] = [];
  if (config.slackWebhookUrl) {
    secrets.push(config.slackWebhookUrl);
    const path = new URL(config.slackWebhookUrl).pathname;
    if (path.length > 1) secrets.push(path);
  }
  if (config.webhook) secrets.push(config.webhook.secret, config.webhook.secret.replace(/^whsec_/, ""));
  if (config.smtp) {
    const url = new URL(config.smtp.url);
    if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
  }
  // Longest first, so a URL is replaced whole before its path is.
  return [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by `***`. */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("***");
  return out;
}
