import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { domainListQuery, listDomains } from "@/lib/queries/domains";
import { PageHeader } from "@/components/ui/card";
import { DomainsList } from "@/components/operator/lists";
import { webhookUrl } from "@/lib/server/origin";
import { LIST_KEYS, listParams, pathWith, type SearchParams } from "@/lib/server/page-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Domains" };

export default async function DomainsPage({ searchParams }: { searchParams: SearchParams }) {
  const { query, state } = await listParams(searchParams, domainListQuery, LIST_KEYS);
  await requireOperatorPage(pathWith("/domains", state));
  const [initial, url] = await Promise.all([listDomains(query), webhookUrl()]);
  return (
    <>
      <PageHeader title="Domains" description="Every domain InboxKit has told us about, with its current status." />
      <DomainsList state={state} initial={initial} webhookUrl={url} />
    </>
  );
}
