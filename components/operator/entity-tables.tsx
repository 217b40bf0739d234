// Domain and mailbox tables, shared by the lists (with sortable headers) and the detail pages. One
// line per row; a workspace page (or a list filtered to one workspace) leaves out the workspace
// column, and an address shows its domain as part of itself (linked) instead of repeating it in a
// column of its own. The name or address takes the width the other columns leave and is cut to it, so
// the table fits its card at desktop widths (components/ui/table.tsx).
import Link from "next/link";
import type { DomainRow } from "@/lib/queries/domains";
import type { MailboxRow } from "@/lib/queries/mailboxes";
import { StatusBadge } from "@/components/status/status-badge";
import { MailHealthCell } from "@/components/mail-activity/index";
import { EmptyState } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { Table, Td, Th } from "@/components/ui/table";
import { platformName } from "@/lib/customer-status";
import { InStatusCell } from "./in-status-cell";
import { SortTh, type Sorting } from "./sort-header";

const link = "font-medium text-zinc-900 hover:text-sky-700 hover:underline dark:text-zinc-100 dark:hover:text-sky-400";

const muted = "text-zinc-600 dark:text-zinc-400";

/** The workspace, cut to a fixed width (the whole name and id on hover) so a long team name cannot widen the list. */
function WorkspaceTd({ workspaceId, teamName }: { workspaceId: string | null; teamName: string | null }) {
  return (
    <Td>
      {workspaceId && (
        <Link
          href={`/workspaces/${encodeURIComponent(workspaceId)}`}
          className={`block max-w-36 truncate ${muted} hover:underline`}
          title={teamName ? `${teamName} (${workspaceId})` : workspaceId}
        >
          {teamName ?? workspaceId}
        </Link>
      )}
    </Td>
  );
}

const LastChangeTd = ({ iso }: { iso: string }) => (
  <Td className={muted}>
    <When iso={iso} />
  </Td>
);

type TableProps<R> = { rows: R[]; sorting?: Sorting; empty: React.ReactNode; columns?: Columns };

/** The frame both tables share: the empty state, or the table with its header row and one row per item. */
function EntityTable<R extends { uid: string }>({
  testId,
  rows,
  empty,
  head,
  row,
}: {
  testId: string;
  rows: R[];
  empty: React.ReactNode;
  head: React.ReactNode;
  row: (r: R) => React.ReactNode;
}) {
  if (rows.length === 0)
    return <div className="p-4">{typeof empty === "string" ? <EmptyState title={empty} /> : empty}</div>;
  return (
    <Table data-testid={testId}>
      <thead>
        <tr>{head}</tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.uid} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-uid={r.uid}>
            {row(r)}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/**
 * Whether the workspace column shows (not inside a workspace's own page), and time in status (the
 * lists, whose rows carry `inStatus`).
 */
type Columns = { workspace?: boolean; inStatus?: boolean };

/** The time-in-status header: sortable in the lists, longest first. */
export const InStatusTh = ({ sorting }: { sorting?: Sorting }) => (
  <SortTh
    column="timeInStatus"
    label="In status"
    sorting={sorting}
    title="Time in the current status, from the vendor time it began, against its attention budget"
  />
);

/** How `sort=mailHealth` orders (lib/queries/mail-order.ts). */
const MAIL_ORDER_TITLE =
  "Inkbox mail health. Sorted worst first: failing, bounces rising, flowing, quiet; then the share of outbound mail bounced or failed in the last 24 h, then over 7 days, then 7-day volume; mailboxes without mail last";

export function DomainTable({ rows, sorting, empty, columns = {} }: TableProps<DomainRow>) {
  const workspace = columns.workspace ?? true;
  return (
    <EntityTable
      testId="domains-table"
      rows={rows}
      empty={empty}
      head={
        <>
          <SortTh column="name" label="Domain" sorting={sorting} />
          <SortTh column="status" label="Status" sorting={sorting} />
          {columns.inStatus && <InStatusTh sorting={sorting} />}
          <Th>DNS</Th>
          <Th title="Mailboxes here / assigned by InboxKit">Mailboxes</Th>
          {workspace && <Th>Workspace</Th>}
          <SortTh column="updated" label="Last change" sorting={sorting} />
        </>
      }
      row={(d) => (
        <>
          <Td grow>
            <Link
              className={`block min-w-40 truncate ${link}`}
              href={`/domains/${encodeURIComponent(d.uid)}`}
              title={d.name}
            >
              {d.name}
            </Link>
          </Td>
          <Td>
            <StatusBadge type="domain" status={d.status} severity={d.inStatus?.severity} />
          </Td>
          {columns.inStatus && (
            <Td>
              <InStatusCell value={d.inStatus} />
            </Td>
          )}
          <Td className={muted}>{d.dnsPropagationStatus}</Td>
          <Td className={`tabular-nums ${muted}`}>
            <MailboxCounts here={d.mailboxCount} assigned={d.assignedMailboxes} />
          </Td>
          {workspace && <WorkspaceTd workspaceId={d.workspaceId} teamName={d.teamName} />}
          <LastChangeTd iso={d.lastOccurredAt} />
        </>
      )}
    />
  );
}

export function MailboxTable({ rows, sorting, empty, columns = {} }: TableProps<MailboxRow>) {
  const workspace = columns.workspace ?? true;
  return (
    <EntityTable
      testId="mailboxes-table"
      rows={rows}
      empty={empty}
      head={
        <>
          <SortTh column="email" label="Mailbox" sorting={sorting} />
          <SortTh column="status" label="Status" sorting={sorting} />
          {columns.inStatus && <InStatusTh sorting={sorting} />}
          <SortTh column="platform" label="Platform" sorting={sorting} />
          <SortTh column="mailHealth" label="Mail" sorting={sorting} title={MAIL_ORDER_TITLE} />
          {workspace && <Th>Workspace</Th>}
          <SortTh column="updated" label="Last change" sorting={sorting} />
        </>
      }
      row={(m) => (
        <>
          <Td grow>
            <Address row={m} />
          </Td>
          <Td>
            <StatusBadge type="mailbox" status={m.status} severity={m.inStatus?.severity} />
          </Td>
          {columns.inStatus && (
            <Td>
              <InStatusCell value={m.inStatus} />
            </Td>
          )}
          <Td className={muted}>{platformName(m.platform)}</Td>
          <Td>
            <MailHealthCell summary={m.mail} />
          </Td>
          {workspace && <WorkspaceTd workspaceId={m.workspaceId} teamName={m.teamName} />}
          <LastChangeTd iso={m.lastOccurredAt} />
        </>
      )}
    />
  );
}

/** "12 / 50": mailboxes stored here for the domain, and how many InboxKit says are assigned to it. */
function MailboxCounts({ here, assigned }: { here?: number; assigned: number | null }) {
  return (
    <span title={`${here ?? 0} here, ${assigned ?? "?"} assigned by InboxKit`}>
      {here ?? 0}
      {assigned !== null && assigned !== (here ?? 0) && (
        <span className="text-zinc-500 dark:text-zinc-400"> / {assigned}</span>
      )}
    </span>
  );
}

/**
 * The address on one line: the mailbox link, then its domain (linked to the domain's page) when the
 * address is at that domain; otherwise the domain it belongs to after it. Cut to the width the row leaves
 * it (a `grow` cell); the whole address and the person's name on hover.
 */
function Address({ row }: { row: MailboxRow }) {
  const name = [row.firstName, row.lastName].filter(Boolean).join(" ");
  const at = row.email.lastIndexOf("@");
  const local = at > 0 ? row.email.slice(0, at) : row.email;
  const domain = at > 0 ? row.email.slice(at + 1) : null;
  const domainHref = row.domainId ? `/domains/${encodeURIComponent(row.domainId)}` : null;
  const sameDomain = !!domain && !!row.domainName && domain.toLowerCase() === row.domainName.toLowerCase();
  return (
    <span className="block min-w-40 truncate" title={name ? `${name} <${row.email}>` : row.email}>
      <Link className={link} href={`/mailboxes/${encodeURIComponent(row.uid)}`} aria-label={row.email}>
        {sameDomain && domainHref ? local : row.email}
      </Link>
      {sameDomain && domainHref ? (
        <Link href={domainHref} className={`${muted} hover:underline`} title={`Domain ${domain}`}>
          @{domain}
        </Link>
      ) : (
        row.domainName &&
        domainHref && (
          <Link href={domainHref} className={`ml-2 text-xs ${muted} hover:underline`}>
            {row.domainName}
          </Link>
        )
      )}
    </span>
  );
}
