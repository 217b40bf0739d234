// The newest events as one clickable row each: named by the mailbox's address or the domain's name
// (a request by its mailbox or domain), opening the entity's page, or the event itself on /events
// when it has no page (an event type we do not know yet). Each fact is printed once.
import Link from "next/link";
import type { EntityType } from "@/lib/ordering";
import type { EventRow } from "@/lib/queries/events";
import { StatusBadge } from "@/components/status/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/time";

const STATE_TYPES = new Set(["domain", "mailbox", "consent_request", "client_id_request"]);
const KIND: Record<string, string> = {
  consent_request: "consent",
  client_id_request: "client ID",
  mail_message: "mail",
};

export const eventHref = (e: Pick<EventRow, "id" | "href">) => e.href ?? `/events?open=${e.id}`;

export function RecentEvents({ events, title = "Recent events" }: { events: EventRow[]; title?: string }) {
  return (
    <Card title={title} bodyClassName="p-0">
      {events.length === 0 ? (
        <p className="p-4 text-sm text-zinc-600 dark:text-zinc-400">No events yet.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="recent-events">
          {events.map((e) => {
            const name = e.label ?? e.entityUid ?? e.eventType;
            const kind = e.entityType ? KIND[e.entityType] : undefined;
            return (
              <li key={e.id}>
                <Link
                  href={eventHref(e)}
                  data-event-id={e.id}
                  className="flex items-center gap-x-3 px-4 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/40"
                >
                  {e.entityType && STATE_TYPES.has(e.entityType) ? (
                    <StatusBadge type={e.entityType as EntityType} status={e.status} />
                  ) : e.outcome === "ignored" ? (
                    <Badge variant="muted">unknown type</Badge>
                  ) : e.status ? (
                    <Badge>{e.status}</Badge>
                  ) : null}
                  <span className="min-w-0 flex-1 truncate">
                    <span className="font-medium">{name}</span>
                    {kind && <span className="text-zinc-600 dark:text-zinc-400"> · {kind}</span>}
                    {name !== e.eventType && (
                      <span className="hidden text-xs text-zinc-600 sm:inline dark:text-zinc-400"> {e.eventType}</span>
                    )}
                  </span>
                  {e.outcome === "stale" && <Badge variant="warning">stale</Badge>}
                  {e.duplicateCount > 1 && <Badge>×{e.duplicateCount}</Badge>}
                  <span className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400">
                    <When iso={e.receivedAt} />
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
