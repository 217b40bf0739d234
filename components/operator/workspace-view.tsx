"use client";
// One workspace (a customer), live: open requests as compact rows, domains, mailboxes, requests, and the customer link.
import type { WorkspaceData } from "@/lib/queries/workspaces";
import { useWorkspace } from "@/components/hooks/use-workspace";
import { RequestRows } from "@/components/banners/request-rows";
import { Card, PageHeader } from "@/components/ui/card";
import { DomainTable, MailboxTable } from "./entity-tables";
import { RequestsTable } from "./requests-table";
import { RecentEvents } from "./recent-events";
import { RefreshError } from "./error-note";
import type { CustomerLinkInfo } from "@/lib/server/customer-link";
import { CustomerLinkControl } from "./customer-link";

export function WorkspaceView({
  workspaceId,
  initial,
  customerLink,
}: {
  workspaceId: string;
  initial: WorkspaceData;
  customerLink: CustomerLinkInfo;
}) {
  const { data, error } = useWorkspace(workspaceId, initial);
  return (
    <div className="space-y-6">
      <RefreshError error={error} />
      <PageHeader
        eyebrow="Workspace"
        title={data.teamName ?? workspaceId}
        description={<span className="font-mono text-xs">{workspaceId}</span>}
        actions={
          <>
            <a
              href="#settings"
              className="rounded-md px-2.5 py-1.5 text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
            >
              Workspace settings
            </a>
            <CustomerLinkControl link={customerLink} />
          </>
        }
      />
      <Card title={`Open requests (${data.banners.length})`} bodyClassName="p-0">
        <RequestRows
          banners={data.banners}
          customerLink={"url" in customerLink ? customerLink.url : null}
          empty={
            <p className="px-4 py-3 text-sm text-zinc-600 dark:text-zinc-400">Nothing is waiting for the customer.</p>
          }
        />
      </Card>
      <Card title={`Mailboxes (${data.totals.mailboxes})`} bodyClassName="p-0">
        <MailboxTable
          rows={data.mailboxes}
          empty="No mailboxes in this workspace yet."
          columns={{ workspace: false }}
        />
      </Card>
      <Card title={`Domains (${data.totals.domains})`} bodyClassName="p-0">
        <DomainTable rows={data.domains} empty="No domains in this workspace yet." columns={{ workspace: false }} />
      </Card>
      <Card title="Consent and client-ID requests" bodyClassName="p-0">
        <RequestsTable rows={data.requests} empty="No requests in this workspace yet." />
      </Card>
      <RecentEvents events={data.events} />
    </div>
  );
}
