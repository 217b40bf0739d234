"use client";
// One mailbox, live: state card (never credentials), its domain, open banners, requests, the status
// timeline (status events; a toggle weaves Inkbox mail in), and mail activity grouped per message
// in the left column under the state.
import Link from "next/link";
import { useState } from "react";
import type { MailboxData } from "@/lib/queries/mailboxes";
import { useMailbox } from "@/components/hooks/use-mailbox";
import { MailActivityContent } from "@/components/mail-activity/index";
import { RequestRows } from "@/components/banners/request-rows";
import { StatusBadge } from "@/components/status/status-badge";
import { Time } from "@/components/ui/time";
import { Card } from "@/components/ui/card";
import { bookkeepingFields, ChangeDetails, FieldList } from "./field-list";
import { RequestsTable } from "./requests-table";
import { StatusTimeline } from "./status-timeline";
import { EntityHeader } from "./entity-header";
import { RefreshError } from "./error-note";
import type { CustomerLinkInfo } from "@/lib/server/customer-link";
import { CustomerLinkControl } from "./customer-link";
import { platformName } from "@/lib/customer-status";

type Props = {
  uid: string;
  initial: MailboxData;
  webhookUrl: string;
  customerLink: CustomerLinkInfo | null;
  inkboxWebhookUrl: string;
};

export function MailboxView({ uid, initial, webhookUrl, customerLink, inkboxWebhookUrl }: Props) {
  const { data, error } = useMailbox(uid, initial);
  const { mailbox: m, domain, timeline } = data;
  const person = [m.firstName, m.lastName].filter(Boolean).join(" ");
  const [weaveMail, setWeaveMail] = useState(false);
  const mailEvents = data.mail.feed.length;
  return (
    <div>
      <RefreshError error={error} />
      <EntityHeader
        section={{ label: "Mailboxes", href: "/mailboxes" }}
        title={m.email}
        type="mailbox"
        status={m.status}
        lastOccurredAt={m.lastOccurredAt}
        facts={
          <>
            {person && <span>{person}</span>}
            {m.platform && <span>· {platformName(m.platform)}</span>}
          </>
        }
        actions={customerLink && <CustomerLinkControl link={customerLink} />}
      />
      {data.banners.length > 0 && (
        <Card title={`Open requests (${data.banners.length})`} className="mb-6" bodyClassName="p-0">
          <RequestRows
            banners={data.banners}
            customerLink={customerLink && "url" in customerLink ? customerLink.url : null}
            empty={null}
          />
        </Card>
      )}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <div className="space-y-6">
          <Card title="Current state">
            <FieldList
              fields={[
                { label: "Status", value: m.status, mono: true },
                { label: "Previous status", value: m.previousStatus, mono: true },
                { label: "Email", value: m.email },
                { label: "Username", value: m.username },
                { label: "Name", value: person },
                { label: "Platform", value: platformName(m.platform) },
                {
                  label: "Domain",
                  value: domain ? (
                    <Link
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      href={`/domains/${encodeURIComponent(domain.uid)}`}
                    >
                      {domain.name} <StatusBadge type="domain" status={domain.status} className="ml-1" />
                    </Link>
                  ) : (
                    m.domainName
                  ),
                },
                { label: "Admin", value: m.isAdmin },
                { label: "Add-on", value: m.isAddOn },
                { label: "Renewal", value: [m.renewalStatus, m.renewalDate?.slice(0, 10)].filter(Boolean).join(" · ") },
                {
                  label: "Credentials",
                  value: m.credentialsOnFile ? (
                    timeline.credentialsChangedAt ? (
                      <>
                        Not stored. Fingerprint changed at <Time iso={timeline.credentialsChangedAt} />
                      </>
                    ) : (
                      "Not stored (fingerprint only, unchanged)"
                    )
                  ) : (
                    "None received"
                  ),
                },
                { label: "Domain id", value: m.domainId, mono: true },
                ...bookkeepingFields(m),
              ]}
            />
            <ChangeDetails value={m.changeDetails} />
          </Card>
          <Card title="Mail activity" data-slot="mail-activity">
            <MailActivityContent view={data.mail} webhookUrl={inkboxWebhookUrl} />
          </Card>
        </div>
        <Card
          title="Status timeline"
          action={
            mailEvents > 0 && (
              <button
                type="button"
                aria-pressed={weaveMail}
                onClick={() => setWeaveMail((on) => !on)}
                className="rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
              >
                {weaveMail ? "Status events only" : `Weave mail in (${mailEvents})`}
              </button>
            )
          }
        >
          <StatusTimeline
            type="mailbox"
            timeline={timeline}
            webhookUrl={webhookUrl}
            mail={weaveMail ? data.mail.feed : []}
          />
        </Card>
      </div>
      <div className="mt-6 space-y-6">
        <Card title="Consent and client-ID requests" bodyClassName="p-0 sm:p-0">
          <RequestsTable rows={data.requests} empty="No requests for this mailbox." />
        </Card>
      </div>
    </div>
  );
}
