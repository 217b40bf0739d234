import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { budgetSettings } from "@/lib/settings/budgets";
import { SettingsView } from "@/components/settings/settings-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireOperatorPage("/settings");
  return <SettingsView budgets={{ budgets: await budgetSettings() }} />;
}
