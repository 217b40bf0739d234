"use client";
// The global audit log: every operator action (acknowledge, snooze, settings, re-apply), who did it
// and when; ?workspace= narrows it to one workspace.
import Link from "next/link";
import type { AuditPage } from "@/lib/queries/audit";
import { Card, PageHeader } from "@/components/ui/card";
import { hrefWith, queryString, type ListState } from "@/components/operator/list-controls";
import { AuditList } from "./audit-list";

export function AuditView({ state, initial }: { state: ListState; initial: AuditPage }) {
  return (
    <div>
      <PageHeader
        title="Audit log"
        description="Every operator action, newest first: who did what, and when."
        actions={
          state.workspace ? (
            <Link href="/audit" className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400">
              All workspaces
            </Link>
          ) : undefined
        }
      />
      <Card title={state.workspace ? `Workspace ${state.workspace}` : "All actions"} bodyClassName="p-0">
        <AuditList
          query={queryString(state)}
          initial={initial}
          showWorkspace={!state.workspace}
          olderHref={(before) => hrefWith("/audit", state, { before: String(before) })}
        />
      </Card>
    </div>
  );
}
