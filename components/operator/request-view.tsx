"use client";
// One consent or client-ID request, live: its state linked to its mailbox, domain and workspace, the
// status timeline, and the event log and CSV of its events.
import Link from "next/link";
import type { RequestData } from "@/lib/queries/requests";
import { eventsHref } from "@/lib/entity-links";
import { useRequest } from "@/components/hooks/use-request";
import { Card } from "@/components/ui/card";
import { bookkeepingFields, ChangeDetails, FieldList } from "./field-list";
import { StatusTimeline } from "./status-timeline";
import { EntityHeader } from "./entity-header";
import { RefreshError } from "./error-note";

const TITLES = { consent_request: "Consent request", client_id_request: "Client-ID request" } as const;
const link = "text-sky-700 hover:underline dark:text-sky-400";

export function RequestView({ uid, initial, webhookUrl }: { uid: string; initial: RequestData; webhookUrl: string }) {
  const { data, error } = useRequest(uid, initial);
  const { request: r, timeline } = data;
  const filters = { entityType: r.type, entity: r.uid };
  return (
    <div>
      <RefreshError error={error} />
      <EntityHeader
        section={{ label: "Requests", href: `/requests?type=${r.type}` }}
        title={`${TITLES[r.type]} ${r.uid}`}
        type={r.type}
        status={r.status}
        lastOccurredAt={r.lastOccurredAt}
        facts={r.mailboxEmail && <span>for {r.mailboxEmail}</span>}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <Card title="Current state">
          <FieldList
            fields={[
              { label: "Status", value: r.status, mono: true },
              { label: "Previous status", value: r.previousStatus, mono: true },
              { label: "Status text", value: r.statusText },
              { label: "Reason", value: r.statusReason },
              { label: "Retries", value: r.retryCount === null ? null : `${r.retryCount} of ${r.maxRetries ?? "?"}` },
              { label: "Completed", value: r.completedAt },
              {
                label: "Mailbox",
                value: data.mailbox ? (
                  <Link className={link} href={`/mailboxes/${encodeURIComponent(data.mailbox.uid)}`}>
                    {data.mailbox.email}
                  </Link>
                ) : (
                  r.mailboxId
                ),
              },
              {
                label: "Domain",
                value: data.domain ? (
                  <Link className={link} href={`/domains/${encodeURIComponent(data.domain.uid)}`}>
                    {data.domain.name}
                  </Link>
                ) : (
                  r.domainName
                ),
              },
              { label: "Consent URL", value: r.consentUrl, mono: true },
              { label: "Client ID", value: r.clientId, mono: true },
              ...(r.suspicious
                ? [
                    {
                      label: "Suspicious",
                      value: (
                        <span data-testid="request-suspicious" className="text-red-700 dark:text-red-300">
                          {r.suspicious}: never shown to the customer
                        </span>
                      ),
                    },
                  ]
                : []),
              ...bookkeepingFields(r),
            ]}
          />
          <ChangeDetails value={r.changeDetails} />
        </Card>
        <Card
          title="Status timeline"
          action={
            <span className="flex gap-3 text-sm">
              <Link className={link} href={eventsHref(filters)}>
                Events
              </Link>
              <a
                className={link}
                href={`/api/events/timeline?${new URLSearchParams({ entityType: r.type, uid: r.uid })}`}
                download
              >
                CSV
              </a>
            </span>
          }
        >
          <StatusTimeline type={r.type} timeline={timeline} webhookUrl={webhookUrl} />
        </Card>
      </div>
    </div>
  );
}
