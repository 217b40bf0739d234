import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperatorPage } from "@/lib/auth/session";
import { mailboxView } from "@/lib/queries/mailboxes";
import { MailboxView } from "@/components/operator/mailbox-view";
import { webhookUrl } from "@/lib/server/origin";
import { mintCustomerLink } from "@/lib/server/customer-link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Mailbox" };

type Props = { params: Promise<{ uid: string }> };

export default async function MailboxPage({ params }: Props) {
  const { uid } = await params;
  await requireOperatorPage(`/mailboxes/${encodeURIComponent(uid)}`);
  const [view, url, inkboxUrl] = await Promise.all([mailboxView(uid), webhookUrl(), webhookUrl("inkbox")]);
  if (!view) notFound();
  const link = view.mailbox.workspaceId ? await mintCustomerLink(view.mailbox.workspaceId, url) : null;
  return <MailboxView uid={uid} initial={view} webhookUrl={url} inkboxWebhookUrl={inkboxUrl} customerLink={link} />;
}
