// Email over SMTP with nodemailer: plain text and HTML in one message. SMTP_URL carries the
// server and its credentials; errors are reported without them.
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { renderHtml, renderText, subject, type OutgoingMessage } from "../message";
import { ChannelError, SEND_TIMEOUT_MS } from "./http";

export async function sendEmail(
  smtp: { url: string; from: string },
  to: string,
  message: OutgoingMessage,
): Promise<void> {
  const transport = nodemailer.createTransport({
    url: smtp.url,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
    logger: false,
  } as SMTPTransport.Options);
  try {
    await transport.sendMail({
      from: smtp.from,
      to,
      subject: subject(message),
      text: renderText(message),
      html: renderHtml(message),
      messageId: `<${message.id}@onboarding-dashboard>`,
      headers: { "X-Notification-Id": message.id },
    });
  } catch (error) {
    const e = error as { code?: string; responseCode?: number };
    throw new ChannelError(`the mail server refused or could not be reached (${e.responseCode ?? e.code ?? "error"})`);
  } finally {
    transport.close();
  }
}
