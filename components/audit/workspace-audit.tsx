"use client";
// A workspace's page: the operator actions about it (who, what, when), the newest ten.
import Link from "next/link";
import type { AuditPage } from "@/lib/queries/audit";
import { Card } from "@/components/ui/card";
import { AuditList } from "./audit-list";

export function WorkspaceAudit({ workspaceId, initial }: { workspaceId: string; initial: AuditPage }) {
  const query = `?workspace=${encodeURIComponent(workspaceId)}&limit=10`;
  return (
    <Card
      className="mt-6"
      title="Operator actions"
      data-testid="workspace-audit"
      bodyClassName="p-0"
      action={
        <Link
          href={`/audit?workspace=${encodeURIComponent(workspaceId)}`}
          className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          All →
        </Link>
      }
    >
      <AuditList
        query={query}
        initial={initial}
        showWorkspace={false}
        empty="No operator actions on this workspace yet."
      />
    </Card>
  );
}
