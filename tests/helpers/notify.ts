// Notification test rig: real receivers (standardwebhooks-verifying HTTP, Slack-like HTTP, SMTP),
// a configuration pointing at them, a manual clock, and helpers to run the scheduler and worker.
import { parseNotifyConfig, type NotifyConfig } from "@/lib/config";
import type { Database } from "@/lib/db/client";
import { manualClock } from "@/lib/notify/clock";
import type { NotifySources, OpenItem, WorkspaceNotifySettings } from "@/lib/notify/conditions";
import { defaultWorkspaceSettings } from "@/lib/notify/conditions";
import { evaluate } from "@/lib/notify/scheduler";
import { newOwnerId, runWorker, type WorkerContext } from "@/lib/notify/worker";
import {
  newWebhookSecret,
  startSlackReceiver,
  startSmtpServer,
  startWebhookReceiver,
  type HttpReceiver,
  type SmtpReceiver,
} from "./receivers";

export const SMTP_PASSWORD = "smtp-canary-Pw-7731";
export const LINK_SECRET = "customer-link-secret-for-tests-0123";

export type Rig = {
  webhook: HttpReceiver;
  slack: HttpReceiver;
  smtp: SmtpReceiver;
  secret: string;
  config: NotifyConfig;
  env: Record<string, string>;
  close: () => Promise<void>;
};

export async function startRig(): Promise<Rig> {
  const secret = newWebhookSecret();
  const [webhook, slack, smtp] = await Promise.all([
    startWebhookReceiver(secret),
    startSlackReceiver(),
    startSmtpServer("alerts", SMTP_PASSWORD),
  ]);
  const env = {
    ALERT_SLACK_WEBHOOK_URL: slack.url,
    ALERT_WEBHOOK_URL: webhook.url,
    ALERT_WEBHOOK_SECRET: secret,
    SMTP_URL: smtp.url,
    NOTIFY_FROM: "Onboarding <onboarding@dash.test>",
    ALERT_EMAIL_TO: "ops@example.com",
    DASHBOARD_URL: "http://dash.test",
  };
  return {
    webhook,
    slack,
    smtp,
    secret,
    env,
    config: parseNotifyConfig(env),
    close: async () => {
      await Promise.all([webhook.close(), slack.close(), smtp.close()]);
    },
  };
}

/** Items a test opens and closes by hand, and workspace settings it sets. */
export function fakeSources(): NotifySources & {
  open: Map<string, OpenItem>;
  settings: Map<string, WorkspaceNotifySettings>;
} {
  const open = new Map<string, OpenItem>();
  const settings = new Map<string, WorkspaceNotifySettings>();
  return {
    open,
    settings,
    items: async () => [...open.values()],
    workspaces: async (ids) => new Map(ids.map((id) => [id, settings.get(id) ?? defaultWorkspaceSettings(id)])),
  };
}

export const stuckItem = (uid: string, extra: Partial<OpenItem> = {}): OpenItem => ({
  id: `stuck:domain:${uid}`,
  kind: "stuck",
  severity: "critical",
  workspaceId: "ws-1",
  title: `${uid}.example.com stuck in waiting for DNS propagation`,
  body: ["In waiting_for_dns_propagation for 5 d (budget 2 d)."],
  path: `/domains/${uid}`,
  since: new Date("2026-11-26T12:00:00Z"),
  silenced: false,
  ...extra,
});

export function machinery(db: Database, rig: Rig, sources: NotifySources, start = "2026-12-01T12:00:00Z") {
  const clock = manualClock(start);
  const worker: WorkerContext = { db, config: () => rig.config, clock, owner: newOwnerId(), random: () => 0.5 };
  return {
    clock,
    worker,
    evaluate: () => evaluate({ db, config: () => rig.config, clock, sources, linkSecret: () => LINK_SECRET }),
    work: () => runWorker(worker),
  };
}

/** Item ids a receiver got, from every accepted webhook message (digests included). */
export function itemIdsReceived(receiver: HttpReceiver): string[] {
  return receiver.received.flatMap((r) =>
    (r.json as { data: { notifications: { item: { id: string } | null }[] } }).data.notifications.map(
      (n) => n.item?.id ?? "",
    ),
  );
}
