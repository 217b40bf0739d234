"use client";
// The event log, live: filters in the URL, newest first with a cursor, and one event open in a side
// panel (payload, headers, dedupe facts, re-apply).
import Link from "next/link";
import { useState } from "react";
import type { EntityType } from "@/lib/ordering";
import { useEvents, type EventsPage } from "@/components/hooks/use-events";
import { StatusBadge } from "@/components/status/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { When } from "@/components/ui/time";
import { RefreshError } from "./error-note";
import { EventFilters } from "./events-filters";
import { EventPanel } from "./event-panel";
import { hrefWith, queryString, type ListState } from "./list-controls";

const STATE_TYPES = new Set(["domain", "mailbox", "consent_request", "client_id_request"]);

export function OutcomeBadge({ outcome }: { outcome: string }) {
  if (outcome === "stale") return <Badge variant="warning">stale</Badge>;
  if (outcome === "ignored") return <Badge variant="muted">ignored</Badge>;
  return <Badge variant="success">applied</Badge>;
}

export function EventsView({
  state,
  initial,
  problem,
  initialOpen = null,
}: {
  state: ListState;
  initial: EventsPage;
  problem: string | null;
  /** An event whose panel is open on arrival (`/events?open=<id>`). */
  initialOpen?: number | null;
}) {
  const { data, error } = useEvents(problem ? null : queryString(state), initial);
  const [open, setOpen] = useState<number | null>(initialOpen);
  const exportState = Object.fromEntries(Object.entries(state).filter(([k]) => k !== "before" && k !== "limit"));
  return (
    <div>
      <RefreshError error={error} />
      <PageHeader
        title="Events"
        description="Every accepted webhook event of both vendors, newest first. Open one to see exactly what arrived, and re-apply it."
      />
      <EventFilters state={state} exportHref={hrefWith("/api/events/export", exportState, {})} />
      {problem && (
        <p
          role="alert"
          className="mb-4 rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
        >
          These filters cannot be used: {problem}
        </p>
      )}
      {data.rows.length === 0 ? (
        <EmptyState title="No events match">Widen the filters, or search for another word.</EmptyState>
      ) : (
        <Card bodyClassName="p-0">
          <Table data-testid="events">
            <thead>
              <tr>
                <Th>Received</Th>
                <Th>Event</Th>
                <Th>Entity</Th>
                <Th>Status</Th>
                <Th>Outcome</Th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((e) => (
                <tr
                  key={e.id}
                  data-event-id={e.id}
                  className={open === e.id ? "bg-sky-50/60 dark:bg-sky-950/30" : undefined}
                >
                  <Td className="whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400">
                    <When iso={e.receivedAt} />
                  </Td>
                  <Td>
                    <button
                      type="button"
                      onClick={() => setOpen(e.id)}
                      className="text-left font-medium text-sky-700 hover:underline dark:text-sky-400"
                    >
                      {e.eventType}
                    </button>
                    <div className="text-xs text-zinc-500 dark:text-zinc-400">
                      {e.vendor} · #{e.id}
                    </div>
                  </Td>
                  <Td className="max-w-64 truncate">{e.label ?? e.entityUid ?? "—"}</Td>
                  <Td>
                    {e.entityType && STATE_TYPES.has(e.entityType) ? (
                      <StatusBadge type={e.entityType as EntityType} status={e.status} />
                    ) : (
                      <Badge>{e.status ?? "—"}</Badge>
                    )}
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      <OutcomeBadge outcome={e.outcome} />
                      {e.duplicateCount > 1 && <Badge title="delivered more than once">×{e.duplicateCount}</Badge>}
                      {e.headerEventMismatch && (
                        <Badge variant="action" title="X-InboxKit-Event disagrees with the body's event">
                          header ≠ body
                        </Badge>
                      )}
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {data.nextBefore && (
            <div className="border-t border-zinc-100 px-4 py-3 dark:border-zinc-800">
              <Link
                href={hrefWith("/events", state, { before: String(data.nextBefore) })}
                className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
              >
                Older events →
              </Link>
            </div>
          )}
        </Card>
      )}
      {open !== null && <EventPanel id={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
