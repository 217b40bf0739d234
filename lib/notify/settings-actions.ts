// Operator actions on notifications, each recorded in the audit log with who did it: changing the
// channel switches or recipients, and sending a test.
import { z } from "zod";
import type { Operator } from "../auth/session";
import { auditStatement } from "../audit/record";
import { database, type Database } from "../db/client";
import { publish } from "../live/bus";
import {
  channelSettingsInput,
  channelSettingsUpdate,
  GLOBAL_SCOPE,
  loadChannelSettings,
  type ChannelSettings,
} from "./settings";
import type { TestResult } from "./test-send";

export const settingsBody = channelSettingsInput.extend({ scope: z.string().trim().min(1).max(200) }).strict();
export type SettingsBody = z.infer<typeof settingsBody>;

const describe = (before: ChannelSettings, after: ChannelSettings): string => {
  const switched = (Object.keys(after.channels) as (keyof ChannelSettings["channels"])[])
    .filter((c) => before.channels[c] !== after.channels[c])
    .map((c) => `${c} ${after.channels[c] ? "on" : "off"}`);
  const recipients =
    JSON.stringify(before.emailTo) !== JSON.stringify(after.emailTo)
      ? [`recipients ${after.emailTo.join(", ") || "none"}`]
      : [];
  return [...switched, ...recipients].join(", ") || "unchanged";
};

export async function saveSettings(input: SettingsBody, operator: Operator, now: Date): Promise<ChannelSettings> {
  const db = database();
  await db.ready;
  const current = (await loadChannelSettings(db, [input.scope])).get(input.scope)!;
  const { next, statement } = channelSettingsUpdate(db, current, input, now);
  const workspaceId = input.scope === GLOBAL_SCOPE ? null : input.scope;
  await db.prisma.$transaction([
    statement,
    auditStatement(
      db.prisma,
      operator,
      {
        action: "notifications.settings",
        targetType: workspaceId ? "workspace" : "notifications",
        targetId: input.scope,
        workspaceId,
        summary: `Notification channels${workspaceId ? ` of workspace ${workspaceId}` : ""}: ${describe(current, next)}`,
        detail: {
          before: { channels: current.channels, emailTo: current.emailTo },
          after: { channels: next.channels, emailTo: next.emailTo },
        },
      },
      now,
    ),
  ]);
  publish({ kind: "operator", workspaceId });
  return next;
}

export async function recordTest(db: Database, operator: Operator, result: TestResult, now: Date): Promise<void> {
  await auditStatement(
    db.prisma,
    operator,
    {
      action: "notifications.test",
      targetType: "notifications",
      targetId: result.channel,
      summary: `Sent a test through ${result.channel}${result.recipient ? ` to ${result.recipient}` : ""}: ${result.delivered ? "delivered" : `not delivered (${result.error})`}`,
      detail: { notificationId: result.notificationId, delivered: result.delivered },
    },
    now,
  );
}
