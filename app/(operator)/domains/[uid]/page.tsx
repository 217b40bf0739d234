import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperatorPage } from "@/lib/auth/session";
import { domainView } from "@/lib/queries/domains";
import { DomainView } from "@/components/operator/domain-view";
import { webhookUrl } from "@/lib/server/origin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Domain" };

type Props = { params: Promise<{ uid: string }> };

export default async function DomainPage({ params }: Props) {
  const { uid } = await params;
  await requireOperatorPage(`/domains/${encodeURIComponent(uid)}`);
  const [view, url] = await Promise.all([domainView(uid), webhookUrl()]);
  if (!view) notFound();
  return <DomainView uid={uid} initial={view} webhookUrl={url} />;
}
