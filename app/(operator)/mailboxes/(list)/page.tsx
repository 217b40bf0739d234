import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { listMailboxes, mailboxListQuery } from "@/lib/queries/mailboxes";
import { PageHeader } from "@/components/ui/card";
import { MailboxesList } from "@/components/operator/lists";
import { webhookUrl } from "@/lib/server/origin";
import { LIST_KEYS, listParams, pathWith, type SearchParams } from "@/lib/server/page-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Mailboxes" };

export default async function MailboxesPage({ searchParams }: { searchParams: SearchParams }) {
  const { query, state } = await listParams(searchParams, mailboxListQuery, LIST_KEYS);
  await requireOperatorPage(pathWith("/mailboxes", state));
  const [initial, url] = await Promise.all([listMailboxes(query), webhookUrl()]);
  return (
    <>
      <PageHeader
        title="Mailboxes"
        description="Every mailbox InboxKit is setting up or running, with its current status."
      />
      <MailboxesList state={state} initial={initial} webhookUrl={url} />
    </>
  );
}
