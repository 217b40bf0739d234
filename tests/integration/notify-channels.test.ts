// Each channel against a real local receiver: the generic webhook verified by the `standardwebhooks`
// library, a Slack-like HTTP receiver, and an SMTP server (smtp-server) that requires a login.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNotifyConfig } from "@/lib/config";
import { deliver } from "@/lib/notify/channels/index";
import { sendEmail } from "@/lib/notify/channels/email";
import { sendSlack } from "@/lib/notify/channels/slack";
import { sendWebhook, standardWebhookSignature } from "@/lib/notify/channels/webhook";
import type { NotificationContent, OutgoingMessage } from "@/lib/notify/message";
import { channelSecrets, maskUrlPassword, scrub } from "@/lib/notify/secrets";
import {
  newWebhookSecret,
  startSlackReceiver,
  startSmtpServer,
  startWebhookReceiver,
  type HttpReceiver,
  type SmtpReceiver,
} from "../helpers/receivers";

const alert = (title: string, extra: Partial<NotificationContent> = {}): NotificationContent => ({
  kind: "alert",
  audience: "operator",
  severity: "critical",
  title,
  body: ["Waiting for DNS propagation for 5 days (budget 2 days).", "Check the nameservers at the registrar."],
  link: { label: "Open the domain", url: "http://dash.test/domains/dom-1" },
  item: { id: "stuck:domain:dom-1:waiting_for_dns_propagation", kind: "stuck", workspaceId: "ws-1" },
  occurredAt: "2026-12-01T10:00:00.000Z",
  ...extra,
});
const message = (id: string, ...notifications: NotificationContent[]): OutgoingMessage => ({ id, notifications });

const SMTP_PASSWORD = "smtp-Pa55word-canary-91";
let webhook: HttpReceiver;
let slack: HttpReceiver;
let smtp: SmtpReceiver;
const secret = newWebhookSecret();

beforeAll(async () => {
  [webhook, slack, smtp] = await Promise.all([
    startWebhookReceiver(secret),
    startSlackReceiver(),
    startSmtpServer("alerts", SMTP_PASSWORD),
  ]);
});
afterAll(async () => {
  await Promise.all([webhook.close(), slack.close(), smtp.close()]);
});

describe("generic webhook (Standard Webhooks)", () => {
  it("is accepted by the standardwebhooks library, with the message id as webhook-id", async () => {
    await sendWebhook({ url: webhook.url, secret }, message("msg_1", alert("example.com is stuck")));
    const got = webhook.received.at(-1)!;
    expect(got.verified).toBe(true);
    expect(got.headers["webhook-id"]).toBe("msg_1");
    expect(got.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(got.json).toMatchObject({
      type: "notification.alert",
      data: { id: "msg_1", notifications: [{ title: "example.com is stuck" }] },
    });
  });

  it("keeps the webhook-id on a retry and signs each attempt with its own timestamp", async () => {
    const m = message("msg_retry", alert("again"));
    const at = Date.now();
    await sendWebhook({ url: webhook.url, secret }, m, new Date(at - 60_000));
    await sendWebhook({ url: webhook.url, secret }, m, new Date(at));
    const [a, b] = webhook.received.slice(-2);
    expect([a.headers["webhook-id"], b.headers["webhook-id"]]).toEqual(["msg_retry", "msg_retry"]);
    expect(Number(b.headers["webhook-timestamp"]) - Number(a.headers["webhook-timestamp"])).toBe(60);
    expect(a.verified && b.verified).toBe(true);
  });

  it("is refused by the receiver when signed with another secret (the check is real)", async () => {
    const before = webhook.received.length;
    await expect(
      sendWebhook({ url: webhook.url, secret: newWebhookSecret() }, message("msg_bad", alert("x"))),
    ).rejects.toThrow("HTTP 400");
    expect(webhook.attempts.at(-1)!.verified).toBe(false);
    expect(webhook.received.length).toBe(before);
  });

  it("signs id.timestamp.body as the specification's example does", () => {
    // The example from the Standard Webhooks specification.
    const sig = standardWebhookSignature(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    expect(sig).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("reports an unreachable receiver without the URL", async () => {
    const dead = await startWebhookReceiver(secret);
    await dead.close();
    const error = await sendWebhook({ url: dead.url, secret }, message("msg_x", alert("x"))).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/could not reach the receiver/);
    expect((error as Error).message).not.toContain(dead.url);
  });
});

describe("Slack incoming webhook", () => {
  it("posts a readable message with a link to the item", async () => {
    await sendSlack(slack.url, message("msg_s", alert("example.com <stuck> & waiting")));
    const body = slack.received.at(-1)!.json as { text: string; blocks: { text?: { text: string } }[] };
    expect(body.text).toBe("Alert (critical): example.com <stuck> & waiting");
    const section = body.blocks[0].text!.text;
    expect(section).toContain(
      "<http://dash.test/domains/dom-1|Alert (critical): example.com &lt;stuck&gt; &amp; waiting>",
    );
    expect(section).toContain("Check the nameservers at the registrar.");
  });

  it("puts several notifications into one digest", async () => {
    await sendSlack(
      slack.url,
      message("msg_d", alert("one"), alert("two"), alert("three", { kind: "resolved", severity: "info" })),
    );
    const body = slack.received.at(-1)!.json as { text: string; blocks: { type: string }[] };
    expect(body.text).toMatch(/^Digest: 3 notifications/);
    expect(body.blocks.filter((b) => b.type === "section")).toHaveLength(3);
  });
});

describe("email over SMTP", () => {
  it("sends plain text and HTML after logging in with the URL's credentials", async () => {
    await sendEmail(
      { url: smtp.url, from: "Onboarding <onboarding@dash.test>" },
      "ops@example.com",
      message("msg_e", alert("example.com is stuck")),
    );
    const mail = smtp.mails.at(-1)!;
    expect(smtp.logins.at(-1)).toEqual({ username: "alerts", password: SMTP_PASSWORD });
    expect(mail.subject).toBe("Alert (critical): example.com is stuck");
    expect(mail.from?.text).toContain("onboarding@dash.test");
    expect((mail.to as { text: string }).text).toBe("ops@example.com");
    expect(mail.text).toContain("Open the domain: http://dash.test/domains/dom-1");
    expect(mail.html).toContain('<a href="http://dash.test/domains/dom-1"');
    expect(mail.headers.get("x-notification-id")).toBe("msg_e");
  });

  it("escapes what it puts into HTML", async () => {
    await sendEmail(
      { url: smtp.url, from: "onboarding@dash.test" },
      "ops@example.com",
      message("msg_h", alert("<script>alert(1)</script>")),
    );
    expect(smtp.mails.at(-1)!.html).toContain("&lt;script&gt;");
    expect(smtp.mails.at(-1)!.html).not.toContain("<script>");
  });

  it("reports a refused login without the password", async () => {
    const wrong = smtp.url.replace(encodeURIComponent(SMTP_PASSWORD), "not-the-password-77");
    const error = await sendEmail(
      { url: wrong, from: "onboarding@dash.test" },
      "ops@example.com",
      message("msg_w", alert("x")),
    ).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/mail server refused/);
    expect((error as Error).message).not.toContain("not-the-password-77");
  });
});

describe("configuration", () => {
  const base = { NOTIFY_FROM: "onboarding@dash.test" };

  it("sends through each configured channel by name", async () => {
    const config = parseNotifyConfig({
      ...base,
      ALERT_SLACK_WEBHOOK_URL: slack.url,
      ALERT_WEBHOOK_URL: webhook.url,
      ALERT_WEBHOOK_SECRET: secret,
      SMTP_URL: smtp.url,
    });
    const before = { slack: slack.received.length, webhook: webhook.received.length, mail: smtp.mails.length };
    const m = message("msg_all", alert("all channels"));
    await deliver(config, { channel: "slack", recipient: null }, m);
    await deliver(config, { channel: "webhook", recipient: null }, m);
    await deliver(config, { channel: "email", recipient: "ops@example.com" }, m);
    expect([
      slack.received.length - before.slack,
      webhook.received.length - before.webhook,
      smtp.mails.length - before.mail,
    ]).toEqual([1, 1, 1]);
  });

  it("refuses an unconfigured channel with the variable to set", async () => {
    await expect(
      deliver(parseNotifyConfig({}), { channel: "slack", recipient: null }, message("m", alert("x"))),
    ).rejects.toThrow("ALERT_SLACK_WEBHOOK_URL");
  });

  it.each([
    [{ ALERT_WEBHOOK_URL: "https://hooks.example.com/x" }, "ALERT_WEBHOOK_SECRET is not set"],
    [
      { ALERT_WEBHOOK_URL: "https://hooks.example.com/x", ALERT_WEBHOOK_SECRET: "plain-secret" },
      "ALERT_WEBHOOK_SECRET must be whsec_",
    ],
    [{ ALERT_SLACK_WEBHOOK_URL: "hooks.slack.com/services/x" }, "ALERT_SLACK_WEBHOOK_URL must be an http(s) URL"],
    [{ SMTP_URL: "mail.example.com:587" }, "SMTP_URL must look like smtp://"],
    [{ SMTP_URL: "smtp://u:p@mail.example.com" }, "NOTIFY_FROM is not set"],
    [{ ALERT_EMAIL_TO: "ops@example.com, not-an-address" }, "ALERT_EMAIL_TO must be comma-separated email addresses"],
  ])("names the variable for %j", (env, text) => {
    expect(() => parseNotifyConfig(env)).toThrow(text);
  });

  it("never echoes a secret in a configuration error", () => {
    const error = (() => {
      try {
        parseNotifyConfig({ ALERT_WEBHOOK_URL: "https://h.example.com/x", ALERT_WEBHOOK_SECRET: "whsec_short-canary" });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toBeDefined();
    expect(error).not.toContain("short-canary");
  });

  it("masks the SMTP password and scrubs every channel secret from text", () => {
    expect(maskUrlPassword(smtp.url)).toBe(`smtp://alerts:***@127.0.0.1:${smtp.port}`);
    const config = parseNotifyConfig({
      ...base,
      SMTP_URL: smtp.url,
      ALERT_WEBHOOK_URL: webhook.url,
      ALERT_WEBHOOK_SECRET: secret,
      ALERT_SLACK_WEBHOOK_URL: slack.url,
    });
    const leaked = `a ${SMTP_PASSWORD} b ${secret} c ${slack.url} d ${secret.slice(6)}`;
    const clean = scrub(leaked, channelSecrets(config));
    for (const s of [SMTP_PASSWORD, secret, slack.url, secret.slice(6), "slacktokensecretvalue"])
      expect(clean).not.toContain(s);
  });
});
