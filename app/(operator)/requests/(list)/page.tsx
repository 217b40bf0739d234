import type { Metadata } from "next";
import Link from "next/link";
import { requireOperatorPage } from "@/lib/auth/session";
import { listRequests, requestListQuery } from "@/lib/queries/requests";
import { PageHeader } from "@/components/ui/card";
import { RequestsList } from "@/components/operator/lists";
import { webhookUrl } from "@/lib/server/origin";
import { LIST_KEYS, listParams, pathWith, type SearchParams } from "@/lib/server/page-params";
import { cn } from "@/lib/cn";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Requests" };

const TABS = [
  { type: "consent_request", label: "Consent requests" },
  { type: "client_id_request", label: "Client-ID requests" },
] as const;

export default async function RequestsPage({ searchParams }: { searchParams: SearchParams }) {
  const { query, state } = await listParams(searchParams, requestListQuery, [...LIST_KEYS, "type"]);
  await requireOperatorPage(pathWith("/requests", state));
  const [initial, url] = await Promise.all([listRequests(query), webhookUrl()]);
  return (
    <>
      <PageHeader
        title="Requests"
        description="OAuth consent and Google domain-wide delegation (client ID) requests: pending ones wait for the customer."
      />
      <nav
        aria-label="Request type"
        className="mb-4 inline-flex rounded-lg border border-zinc-200 bg-white p-1 dark:border-zinc-800 dark:bg-zinc-900"
      >
        {TABS.map((tab) => (
          <Link
            key={tab.type}
            href={`/requests?type=${tab.type}`}
            aria-current={query.type === tab.type ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              query.type === tab.type
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400",
            )}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <RequestsList key={query.type} type={query.type} state={state} initial={initial} webhookUrl={url} />
    </>
  );
}
