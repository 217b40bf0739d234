// Consent and client-ID requests as a table: type, subject, status with lifecycle, what the vendor said.
import Link from "next/link";
import type { RequestRow } from "@/lib/queries/requests";
import { StatusBadge } from "@/components/status/status-badge";
import { EmptyState } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { Table, Td, Th } from "@/components/ui/table";

const TYPE_LABEL = { consent_request: "Consent", client_id_request: "Client ID" } as const;

export function RequestsTable({ rows, empty = "No consent or client-ID requests yet." }: { rows: RequestRow[]; empty?: string }) {
  if (rows.length === 0) return <EmptyState title={empty}>They appear as soon as InboxKit asks the customer for access.</EmptyState>;
  return (
    <Table data-testid="requests-table">
      <thead>
        <tr>
          <Th>Request</Th>
          <Th>For</Th>
          <Th>Status</Th>
          <Th>Vendor says</Th>
          <Th>Updated</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.type}:${r.uid}`} data-request-type={r.type} data-status={r.status}>
            <Td>
              <div className="font-medium">{TYPE_LABEL[r.type]}</div>
              <div className="font-mono text-[11px] text-zinc-500">{r.uid}</div>
            </Td>
            <Td>
              {r.mailboxId ? (
                <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/mailboxes/${encodeURIComponent(r.mailboxId)}`}>
                  {r.mailboxEmail ?? r.mailboxId}
                </Link>
              ) : (
                r.domainName ?? <span className="text-zinc-400">—</span>
              )}
              {r.type === "client_id_request" && r.clientId && <div className="mt-0.5 truncate font-mono text-[11px] text-zinc-500">{r.clientId}</div>}
            </Td>
            <Td>
              <div className="flex flex-wrap items-center gap-1.5">
                {r.previousStatus && <span className="text-xs text-zinc-500">{r.previousStatus} →</span>}
                <StatusBadge type={r.type} status={r.status} />
              </div>
              {r.retryCount !== null && r.maxRetries !== null && r.retryCount > 0 && (
                <div className="mt-0.5 text-xs text-zinc-500">
                  retry {r.retryCount} of {r.maxRetries}
                </div>
              )}
            </Td>
            <Td className="max-w-xs text-zinc-600 dark:text-zinc-400">
              {r.statusText || r.statusReason ? (
                <>
                  {r.statusText}
                  {r.statusReason && <span className="ml-1 font-mono text-[11px]">({r.statusReason})</span>}
                </>
              ) : (
                <span className="text-zinc-400">—</span>
              )}
            </Td>
            <Td className="whitespace-nowrap">
              <When iso={r.lastOccurredAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
