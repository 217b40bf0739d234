"use client";
// One domain, live: state card with every stored field, its mailboxes, and the status timeline.
import type { DomainData } from "@/lib/queries/domains";
import { useDomain } from "@/components/hooks/use-domain";
import { Card } from "@/components/ui/card";
import { bookkeepingFields, ChangeDetails, FieldList } from "./field-list";
import { MailboxTable } from "./entity-tables";
import { StatusTimeline } from "./status-timeline";
import { EntityHeader } from "./entity-header";
import { RefreshError } from "./error-note";

export function DomainView({ uid, initial, webhookUrl }: { uid: string; initial: DomainData; webhookUrl: string }) {
  const { data, error } = useDomain(uid, initial);
  const { domain: d, timeline } = data;
  return (
    <div>
      <RefreshError error={error} />
      <EntityHeader
        section={{ label: "Domains", href: "/domains" }}
        title={d.name}
        type="domain"
        status={d.status}
        lastOccurredAt={d.lastOccurredAt}
        facts={d.dnsPropagationStatus && <span>DNS: {d.dnsPropagationStatus}</span>}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <div className="space-y-6">
          <Card title="Current state">
            <FieldList
              fields={[
                { label: "Status", value: d.status, mono: true },
                { label: "Previous status", value: d.previousStatus, mono: true },
                { label: "Name", value: d.name },
                { label: "TLD", value: d.tld },
                { label: "DNS propagation", value: d.dnsPropagationStatus },
                { label: "Nameservers", value: d.nameservers.join(", ") },
                { label: "Connection", value: d.connectionType },
                { label: "Registered", value: d.registrationDate },
                { label: "Registration years", value: d.registrationYears },
                { label: "Price", value: d.price === null ? null : `$${d.price.toFixed(2)}` },
                { label: "Renewal", value: [d.renewalStatus, d.renewalDate?.slice(0, 10)].filter(Boolean).join(" · ") },
                {
                  label: "Mailboxes (assigned / available)",
                  value: `${d.assignedMailboxes ?? "—"} / ${d.availableMailboxes ?? "—"}`,
                },
                {
                  label: "Forwarding",
                  value: [d.forwardingStatus, d.forwardingUrl, d.forwardingEmail].filter(Boolean).join(" · "),
                },
                { label: "Mask forwarding", value: d.enableMaskForwarding },
                { label: "DMARC email", value: d.dmarcEmail },
                { label: "Catch-all email", value: d.catchAllEmail },
                { label: "Tags", value: d.tags.join(", ") },
                ...bookkeepingFields(d),
              ]}
            />
            <ChangeDetails value={d.changeDetails} />
          </Card>
        </div>
        <Card title="Status timeline">
          <StatusTimeline type="domain" timeline={timeline} webhookUrl={webhookUrl} />
        </Card>
      </div>
      <Card title={`Mailboxes (${data.mailboxCount})`} className="mt-6" bodyClassName="p-0">
        <MailboxTable rows={data.mailboxes} empty="No mailboxes on this domain yet." />
      </Card>
    </div>
  );
}
