"use client";
// The notifications endpoints.
import type { NotificationSettingsView, NotificationsPage } from "@/lib/queries/notifications";
import { useApi } from "./api";

/** GET /api/notifications?… */
export const useNotifications = (query: string, initial: NotificationsPage) =>
  useApi(`/api/notifications${query}`, initial);
/** GET /api/notifications/settings[?workspace=…] */
export const useNotificationSettings = (workspace: string | null, initial: NotificationSettingsView) =>
  useApi(
    workspace
      ? `/api/notifications/settings?workspace=${encodeURIComponent(workspace)}`
      : "/api/notifications/settings",
    initial,
  );
