import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { auditQuery, listAudit } from "@/lib/queries/audit";
import { listParams, pathWith, type SearchParams } from "@/lib/server/page-params";
import { AuditView } from "@/components/audit/audit-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const { query, state } = await listParams(searchParams, auditQuery, ["workspace", "before", "limit"]);
  await requireOperatorPage(pathWith("/audit", state));
  return <AuditView state={state} initial={await listAudit(query)} />;
}
