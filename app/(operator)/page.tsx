import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { overview } from "@/lib/queries/overview";
import { OverviewView } from "@/components/operator/overview-view";
import { webhookUrl } from "@/lib/server/origin";
import { attentionPage } from "@/lib/queries/attention";
import { attentionQuery } from "@/lib/attention/page";
import { QUEUE_PAGE } from "@/components/attention/look";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requireOperatorPage("/");
  const [initial, attention, url] = await Promise.all([
    overview(),
    attentionPage(attentionQuery.parse({ limit: QUEUE_PAGE })),
    webhookUrl(),
  ]);
  return <OverviewView initial={initial} attention={attention} webhookUrl={url} />;
}
