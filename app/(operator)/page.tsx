import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { overview } from "@/lib/queries/overview";
import { OverviewView } from "@/components/operator/overview-view";
import { webhookUrl } from "@/lib/server/origin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requireOperatorPage("/");
  const [initial, url] = await Promise.all([overview(), webhookUrl()]);
  return <OverviewView initial={initial} webhookUrl={url} />;
}
