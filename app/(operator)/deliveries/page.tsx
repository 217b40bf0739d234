import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { deliveriesQuery, listDeliveries } from "@/lib/queries/deliveries";
import { DeliveriesView } from "@/components/operator/deliveries-view";
import { listParams, pathWith, type SearchParams } from "@/lib/server/page-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage({ searchParams }: { searchParams: SearchParams }) {
  const { query, state } = await listParams(searchParams, deliveriesQuery, [
    "reason",
    "vendor",
    "hours",
    "before",
    "limit",
  ]);
  await requireOperatorPage(pathWith("/deliveries", state));
  return <DeliveriesView state={state} initial={await listDeliveries(query)} />;
}
