// Consent and client-ID requests as a table: type, subject, status with lifecycle, what the vendor said.
import Link from "next/link";
import { cn } from "@/lib/cn";
import type { RequestRow } from "@/lib/queries/requests";
import { StatusBadge } from "@/components/status/status-badge";
import { EmptyState } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { Table, Td, Th } from "@/components/ui/table";
import { InStatusTh } from "./entity-tables";
import { InStatusCell } from "./in-status-cell";
import { SortTh, type Sorting } from "./sort-header";

const TYPE_LABEL = { consent_request: "Consent", client_id_request: "Client ID" } as const;

/** `sorting` and `inStatus`: the /requests list (sortable headers, time in status). */
export function RequestsTable({
  rows,
  empty = "No consent or client-ID requests yet.",
  sorting,
  inStatus = false,
}: {
  rows: RequestRow[];
  empty?: string;
  sorting?: Sorting;
  inStatus?: boolean;
}) {
  if (rows.length === 0) {
    return (
      <div className="p-4">
        <EmptyState title={empty}>They appear as soon as InboxKit asks the customer for access.</EmptyState>
      </div>
    );
  }
  return (
    <Table data-testid="requests-table">
      <thead>
        <tr>
          <Th>Request</Th>
          <Th>For</Th>
          <SortTh column="status" label="Status" sorting={sorting} />
          {inStatus && <InStatusTh sorting={sorting} />}
          <Th>Vendor says</Th>
          <SortTh column="updated" label="Updated" sorting={sorting} />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.type}:${r.uid}`} data-request-type={r.type} data-status={r.status} data-uid={r.uid}>
            <Td>
              <Link
                href={`/requests/${encodeURIComponent(r.uid)}`}
                className="font-medium text-sky-700 hover:underline dark:text-sky-400"
              >
                {TYPE_LABEL[r.type]}
              </Link>
              <div className="whitespace-nowrap font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{r.uid}</div>
            </Td>
            <Td>
              {r.mailboxId ? (
                <Link
                  className="text-sky-700 hover:underline dark:text-sky-400"
                  href={`/mailboxes/${encodeURIComponent(r.mailboxId)}`}
                >
                  {r.mailboxEmail ?? r.mailboxId}
                </Link>
              ) : (
                (r.domainName ?? <span className="text-zinc-500 dark:text-zinc-400">—</span>)
              )}
              {r.type === "client_id_request" && r.clientId && (
                <div className="mt-0.5 truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
                  {r.clientId}
                </div>
              )}
            </Td>
            <Td>
              <div className="flex flex-wrap items-center gap-1.5">
                {r.previousStatus && (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">{r.previousStatus} →</span>
                )}
                <StatusBadge type={r.type} status={r.status} severity={r.inStatus?.severity} />
              </div>
              <Lifecycle status={r.status} />
              {r.retryCount !== null && r.maxRetries !== null && r.retryCount > 0 && (
                <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                  retry {r.retryCount} of {r.maxRetries}
                </div>
              )}
            </Td>
            {inStatus && (
              <Td>
                <InStatusCell value={r.inStatus} />
              </Td>
            )}
            <Td className="min-w-48 max-w-xs whitespace-normal text-zinc-600 dark:text-zinc-400">
              {r.statusText || r.statusReason ? (
                <>
                  {r.statusText}
                  {r.statusReason && <span className="ml-1 font-mono text-[11px]">({r.statusReason})</span>}
                </>
              ) : (
                <span className="text-zinc-500 dark:text-zinc-400">—</span>
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

const STEPS = ["queued", "pending", "processing", "completed"] as const;
const ENDED_BADLY = new Set(["failed", "errored", "cancelled"]);

/** queued → pending → processing → completed, with the current step marked (a failure ends it in red). */
function Lifecycle({ status }: { status: string }) {
  const failed = ENDED_BADLY.has(status);
  const reached = failed ? STEPS.length - 1 : STEPS.indexOf(status as (typeof STEPS)[number]);
  if (reached < 0) return null;
  return (
    <ol
      className="mt-1.5 flex items-center gap-1"
      aria-label={`Lifecycle: ${failed ? `ended ${status}` : `${status}, step ${reached + 1} of ${STEPS.length}`}`}
    >
      {STEPS.map((step, i) => {
        const last = failed && i === STEPS.length - 1;
        return (
          <li key={step} title={last ? status : step} className="flex items-center gap-1">
            <span
              className={cn(
                "block h-1.5 w-5 rounded-full",
                last
                  ? "bg-red-500"
                  : i < reached || (i === reached && !failed)
                    ? i === STEPS.length - 1
                      ? "bg-emerald-500"
                      : "bg-sky-500"
                    : "bg-zinc-200 dark:bg-zinc-700",
              )}
            />
          </li>
        );
      })}
    </ol>
  );
}
