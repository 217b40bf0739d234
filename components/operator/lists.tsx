"use client";
// The /domains, /mailboxes and /requests lists, live: the server renders the first page; SWR keeps
// the same page (same query string) fresh on every change notice.
import type { DomainRow } from "@/lib/queries/domains";
import type { MailboxRow } from "@/lib/queries/mailboxes";
import type { RequestRow, RequestType } from "@/lib/queries/requests";
import type { Page } from "@/lib/queries/list";
import { useDomains, useMailboxes, useRequests } from "@/components/hooks/use-lists";
import { Card, EmptyState } from "@/components/ui/card";
import { DomainTable, MailboxTable } from "./entity-tables";
import {
  FilterChips,
  FilterForm,
  isFiltered,
  Pagination,
  queryString,
  sortingFor,
  type ListState,
} from "./list-controls";
import { RequestsTable } from "./requests-table";
import { RefreshError } from "./error-note";
import { PLATFORM_CODES } from "@/lib/customer-status";

type Props<T> = { state: ListState; initial: Page<T>; webhookUrl: string };

function NoRows({ filtered, what, webhookUrl }: { filtered: boolean; what: string; webhookUrl: string }) {
  return filtered ? (
    <EmptyState title={`No ${what} match these filters`}>Clear a filter or search for something else.</EmptyState>
  ) : (
    <EmptyState title={`No ${what} yet`}>
      Point InboxKit at <code className="font-mono text-xs">{webhookUrl}</code>, or play a scenario:{" "}
      <code className="font-mono text-xs">npm run simulate -- google-onboarding</code>.
    </EmptyState>
  );
}

export function DomainsList({ state, initial, webhookUrl }: Props<DomainRow>) {
  const { data, error } = useDomains(queryString(state), initial);
  return (
    <>
      <RefreshError error={error} />
      <FilterChips type="domain" path="/domains" state={state} counts={data.statusCounts} />
      <FilterForm
        path="/domains"
        state={state}
        placeholder="Search domain name or uid"
        exportPath="/api/domains/export"
      />
      <Card bodyClassName="p-0">
        <DomainTable
          rows={data.rows}
          columns={{ inStatus: true, workspace: !state.workspace }}
          sorting={sortingFor("/domains", state, data)}
          empty={<NoRows filtered={isFiltered(state)} what="domains" webhookUrl={webhookUrl} />}
        />
        <Pagination path="/domains" state={state} page={data} />
      </Card>
    </>
  );
}

export function MailboxesList({ state, initial, webhookUrl }: Props<MailboxRow>) {
  const { data, error } = useMailboxes(queryString(state), initial);
  return (
    <>
      <RefreshError error={error} />
      <FilterChips type="mailbox" path="/mailboxes" state={state} counts={data.statusCounts} />
      <FilterForm
        path="/mailboxes"
        state={state}
        placeholder="Search address, domain or uid"
        platforms={PLATFORM_CODES}
        exportPath="/api/mailboxes/export"
      />
      <Card bodyClassName="p-0">
        <MailboxTable
          rows={data.rows}
          columns={{ inStatus: true, workspace: !state.workspace }}
          sorting={sortingFor("/mailboxes", state, data)}
          empty={<NoRows filtered={isFiltered(state)} what="mailboxes" webhookUrl={webhookUrl} />}
        />
        <Pagination path="/mailboxes" state={state} page={data} />
      </Card>
    </>
  );
}

export function RequestsList({ state, initial, webhookUrl, type }: Props<RequestRow> & { type: RequestType }) {
  const { data, error } = useRequests(queryString(state), initial);
  return (
    <>
      <RefreshError error={error} />
      <FilterChips type={type} path="/requests" state={state} counts={data.statusCounts} />
      <FilterForm
        path="/requests"
        state={state}
        placeholder={
          type === "client_id_request" ? "Search uid, mailbox address or domain" : "Search uid or mailbox address"
        }
      />
      <Card bodyClassName="p-0">
        {data.rows.length === 0 ? (
          <div className="p-4">
            <NoRows
              filtered={isFiltered(state)}
              what={type === "consent_request" ? "consent requests" : "client-ID requests"}
              webhookUrl={webhookUrl}
            />
          </div>
        ) : (
          <RequestsTable rows={data.rows} inStatus sorting={sortingFor("/requests", state, data)} />
        )}
        <Pagination path="/requests" state={state} page={data} />
      </Card>
    </>
  );
}
