// Which channels alert, and to whom. The environment says which channels exist (and holds their
// secrets); the settings page turns each on or off globally and per workspace, and adds operator
// email recipients. A workspace's own notification recipients come from its workspace settings.
import { z } from "zod";
import type { Database } from "../db/client";
import type { NotifyConfig } from "../config";
import { CHANNELS, configuredChannels, type ChannelName, type Destination } from "./channels/index";
import type { WorkspaceNotifySettings } from "./conditions";

export const GLOBAL_SCOPE = "global";

export type ChannelSwitches = Record<ChannelName, boolean>;
export type ChannelSettings = { scope: string; channels: ChannelSwitches; emailTo: string[]; updatedAt: Date | null };

const ALL_ON: ChannelSwitches = { slack: true, webhook: true, email: true };

export const channelSettingsInput = z.object({
  channels: z.object({ slack: z.boolean(), webhook: z.boolean(), email: z.boolean() }).partial().strict().default({}),
  emailTo: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[^\s@<>,]+@[^\s@<>,]+$/, "emailTo must hold email addresses"),
    )
    .max(50, "emailTo holds at most 50 addresses")
    .optional(),
});
export type ChannelSettingsInput = z.infer<typeof channelSettingsInput>;

type SettingRow = { scope: string; slack: boolean; webhook: boolean; email: boolean; emailTo: string; updatedAt: Date };

const fromRow = (scope: string, row: SettingRow | null): ChannelSettings =>
  row
    ? {
        scope,
        channels: { slack: row.slack, webhook: row.webhook, email: row.email },
        emailTo: JSON.parse(row.emailTo) as string[],
        updatedAt: row.updatedAt,
      }
    : { scope, channels: { ...ALL_ON }, emailTo: [], updatedAt: null };

export async function loadChannelSettings(db: Database, scopes: string[]): Promise<Map<string, ChannelSettings>> {
  const rows = await db.prisma.notificationSetting.findMany({ where: { scope: { in: scopes } } });
  const byScope = new Map(rows.map((r) => [r.scope, r]));
  return new Map(scopes.map((s) => [s, fromRow(s, byScope.get(s) ?? null)]));
}

/** The settings `input` makes of `current`, and the statement that stores them (for the caller's transaction). */
export function channelSettingsUpdate(db: Database, current: ChannelSettings, input: ChannelSettingsInput, now: Date) {
  const channels = { ...current.channels, ...input.channels };
  const emailTo = input.emailTo ? [...new Set(input.emailTo)] : current.emailTo;
  const data = { ...channels, emailTo: JSON.stringify(emailTo), updatedAt: now };
  const next: ChannelSettings = { scope: current.scope, channels, emailTo, updatedAt: now };
  return {
    next,
    statement: db.prisma.notificationSetting.upsert({
      where: { scope: current.scope },
      create: { scope: current.scope, ...data },
      update: data,
    }),
  };
}

export async function saveChannelSettings(
  db: Database,
  scope: string,
  input: ChannelSettingsInput,
  now: Date,
): Promise<ChannelSettings> {
  const current = (await loadChannelSettings(db, [scope])).get(scope)!;
  const { next, statement } = channelSettingsUpdate(db, current, input, now);
  await statement;
  return next;
}

const unique = (addresses: string[]) => [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter(Boolean))];

/**
 * Where an operator alert about `workspace` (or about nothing workspace-specific) goes: each channel
 * that is configured, on globally and on for the workspace; email to ALERT_EMAIL_TO, the global
 * recipients and the workspace's notification recipients.
 */
export function alertDestinations(
  config: NotifyConfig,
  global: ChannelSettings,
  workspace: ChannelSettings | null,
  workspaceSettings: WorkspaceNotifySettings | null,
  exceptChannel?: string,
): Destination[] {
  const configured = configuredChannels(config);
  const on = (c: ChannelName) =>
    configured[c] && global.channels[c] && (workspace?.channels[c] ?? true) && c !== exceptChannel;
  const out: Destination[] = [];
  for (const channel of CHANNELS) {
    if (!on(channel)) continue;
    if (channel !== "email") out.push({ channel, recipient: null });
    else
      for (const to of unique([...config.alertEmailTo, ...global.emailTo, ...(workspaceSettings?.notifyEmails ?? [])]))
        out.push({ channel, recipient: to });
  }
  return out;
}
