import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { budgetSettings } from "@/lib/settings/budgets";
import { notifyConfig } from "@/lib/config";
import { notificationSettings } from "@/lib/queries/notifications";
import { SettingsView } from "@/components/settings/settings-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireOperatorPage("/settings");
  const [budgets, channels] = await Promise.all([budgetSettings(), notificationSettings(notifyConfig())]);
  return <SettingsView budgets={{ budgets }} channels={channels} />;
}
