// Where the scheduler learns what is open: undeliverable notifications (lib/notify/failures.ts).
import type { Database } from "../db/client";
import { defaultWorkspaceSettings, type NotifySources, type WorkspaceNotifySettings } from "./conditions";
import { failedNotificationItems } from "./failures";

export function defaultSources(db: Database): NotifySources {
  return {
    items: async () => failedNotificationItems(db),
    workspaces: async (ids) =>
      new Map<string, WorkspaceNotifySettings>(ids.map((id) => [id, defaultWorkspaceSettings(id)])),
  };
}
