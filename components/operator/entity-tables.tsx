// Domain and mailbox tables, shared by the lists (with sortable headers) and the detail pages.
import Link from "next/link";
import type { DomainRow } from "@/lib/queries/domains";
import type { MailboxRow } from "@/lib/queries/mailboxes";
import { StatusBadge } from "@/components/status/status-badge";
import { MailHealthCell } from "@/components/mail-activity/index";
import { EmptyState } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { Table, Td, Th } from "@/components/ui/table";

/** Sorting: the current column and direction, and the link that sorts by a column. */
export type Sorting = { sort: string; dir: "asc" | "desc"; href: (column: string) => string };

function SortTh({ column, label, sorting }: { column: string; label: string; sorting?: Sorting }) {
  if (!sorting) return <Th>{label}</Th>;
  const active = sorting.sort === column;
  return (
    <Th aria-sort={active ? (sorting.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link
        href={sorting.href(column)}
        className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        {label}
        <span aria-hidden className={active ? "text-zinc-900 dark:text-zinc-100" : "text-zinc-300 dark:text-zinc-600"}>
          {active && sorting.dir === "asc" ? "▲" : "▼"}
        </span>
      </Link>
    </Th>
  );
}

const link = "font-medium text-zinc-900 hover:text-sky-700 hover:underline dark:text-zinc-100 dark:hover:text-sky-400";

function WorkspaceCell({ workspaceId, teamName }: { workspaceId: string | null; teamName: string | null }) {
  if (!workspaceId) return <span className="text-zinc-400">—</span>;
  return (
    <Link
      href={`/workspaces/${encodeURIComponent(workspaceId)}`}
      className="text-zinc-600 hover:underline dark:text-zinc-400"
    >
      {teamName ?? workspaceId}
      {teamName && <span className="block font-mono text-[11px] text-zinc-400">{workspaceId}</span>}
    </Link>
  );
}

export function DomainTable({
  rows,
  sorting,
  empty,
}: {
  rows: DomainRow[];
  sorting?: Sorting;
  empty: React.ReactNode;
}) {
  if (rows.length === 0)
    return <div className="p-4">{typeof empty === "string" ? <EmptyState title={empty} /> : empty}</div>;
  return (
    <Table data-testid="domains-table">
      <thead>
        <tr>
          <SortTh column="name" label="Domain" sorting={sorting} />
          <SortTh column="status" label="Status" sorting={sorting} />
          <Th>DNS</Th>
          <Th>Mailboxes</Th>
          <Th>Workspace</Th>
          <SortTh column="updated" label="Last change" sorting={sorting} />
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.uid} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-uid={d.uid}>
            <Td>
              <Link className={link} href={`/domains/${encodeURIComponent(d.uid)}`}>
                {d.name}
              </Link>
            </Td>
            <Td>
              <StatusBadge type="domain" status={d.status} />
            </Td>
            <Td className="text-zinc-600 dark:text-zinc-400">{d.dnsPropagationStatus ?? "—"}</Td>
            <Td className="tabular-nums text-zinc-600 dark:text-zinc-400">{d.assignedMailboxes ?? "—"}</Td>
            <Td>
              <WorkspaceCell workspaceId={d.workspaceId} teamName={d.teamName} />
            </Td>
            <Td className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
              <When iso={d.lastOccurredAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function MailboxTable({
  rows,
  sorting,
  empty,
}: {
  rows: MailboxRow[];
  sorting?: Sorting;
  empty: React.ReactNode;
}) {
  if (rows.length === 0)
    return <div className="p-4">{typeof empty === "string" ? <EmptyState title={empty} /> : empty}</div>;
  return (
    <Table data-testid="mailboxes-table">
      <thead>
        <tr>
          <SortTh column="email" label="Mailbox" sorting={sorting} />
          <SortTh column="status" label="Status" sorting={sorting} />
          <SortTh column="platform" label="Platform" sorting={sorting} />
          <Th>Mail</Th>
          <Th>Domain</Th>
          <Th>Workspace</Th>
          <SortTh column="updated" label="Last change" sorting={sorting} />
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.uid} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-uid={m.uid}>
            <Td>
              <Link className={link} href={`/mailboxes/${encodeURIComponent(m.uid)}`}>
                {m.email}
              </Link>
              {(m.firstName || m.lastName) && (
                <div className="text-xs text-zinc-500">{[m.firstName, m.lastName].filter(Boolean).join(" ")}</div>
              )}
            </Td>
            <Td>
              <StatusBadge type="mailbox" status={m.status} />
            </Td>
            <Td className="text-zinc-600 dark:text-zinc-400">{m.platform ?? "—"}</Td>
            <Td>
              <MailHealthCell summary={m.mail} />
            </Td>
            <Td className="text-zinc-600 dark:text-zinc-400">
              {m.domainId ? (
                <Link className="hover:underline" href={`/domains/${encodeURIComponent(m.domainId)}`}>
                  {m.domainName ?? m.domainId}
                </Link>
              ) : (
                (m.domainName ?? "—")
              )}
            </Td>
            <Td>
              <WorkspaceCell workspaceId={m.workspaceId} teamName={m.teamName} />
            </Td>
            <Td className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
              <When iso={m.lastOccurredAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
