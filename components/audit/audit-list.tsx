"use client";
// The audit log as rows: who did what, when (newest first), live. The global /audit page and a
// workspace's page both use it.
import Link from "next/link";
import type { AuditPage, AuditRow } from "@/lib/queries/audit";
import { useAudit } from "@/components/hooks/use-audit";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { When } from "@/components/ui/time";
import { RefreshError } from "@/components/operator/error-note";

const ACTION: Record<string, [string, BadgeVariant]> = {
  "attention.acknowledge": ["Acknowledged", "success"],
  "attention.snooze": ["Snoozed", "muted"],
  "workspace.settings": ["Workspace settings", "progress"],
  "settings.budgets": ["Budgets", "progress"],
  "notifications.settings": ["Notification settings", "progress"],
  "notifications.test": ["Test notification", "neutral"],
  "event.reapply": ["Re-applied event", "warning"],
  "events.reapply": ["Re-applied events", "warning"],
  "deliveries.reverify": ["Re-verified deliveries", "warning"],
};

function Row({ row, showWorkspace }: { row: AuditRow; showWorkspace: boolean }) {
  const [label, variant] = ACTION[row.action] ?? [row.action, "neutral"];
  return (
    <li className="flex flex-wrap items-start gap-x-3 gap-y-1 px-4 py-2.5 text-sm" data-testid="audit-row">
      <Badge variant={variant} className="mt-0.5">
        {label}
      </Badge>
      <div className="min-w-0 flex-1">
        <div className="break-words" data-testid="audit-what">
          {row.summary}
        </div>
        <div className="text-xs text-zinc-500 dark:text-zinc-400">
          by <span data-testid="audit-who">{row.actor}</span>
          {showWorkspace && row.workspaceId && (
            <>
              {" · "}
              <Link href={`/workspaces/${encodeURIComponent(row.workspaceId)}`} className="hover:underline">
                {row.workspaceId}
              </Link>
            </>
          )}
        </div>
      </div>
      <span className="whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400" data-testid="audit-when">
        <When iso={row.at} />
      </span>
    </li>
  );
}

export function AuditList({
  query,
  initial,
  showWorkspace = true,
  empty = "No operator actions recorded yet.",
  olderHref,
}: {
  query: string;
  initial: AuditPage;
  showWorkspace?: boolean;
  empty?: string;
  olderHref?: (before: number) => string;
}) {
  const { data, error } = useAudit(query, initial);
  return (
    <>
      <RefreshError error={error} />
      {data.rows.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="audit-list">
          {data.rows.map((row) => (
            <Row key={row.id} row={row} showWorkspace={showWorkspace} />
          ))}
        </ul>
      )}
      {data.nextBefore && olderHref && (
        <div className="border-t border-zinc-100 px-4 py-2.5 dark:border-zinc-800">
          <Link
            href={olderHref(data.nextBefore)}
            className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
          >
            Older →
          </Link>
        </div>
      )}
    </>
  );
}
