import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperatorPage } from "@/lib/auth/session";
import { requestView } from "@/lib/queries/requests";
import { RequestView } from "@/components/operator/request-view";
import { webhookUrl } from "@/lib/server/origin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Request" };

type Props = { params: Promise<{ uid: string }> };

export default async function RequestPage({ params }: Props) {
  const { uid } = await params;
  await requireOperatorPage(`/requests/${encodeURIComponent(uid)}`);
  const [view, url] = await Promise.all([requestView(uid), webhookUrl()]);
  if (!view) notFound();
  return <RequestView uid={uid} initial={view} webhookUrl={url} />;
}
