"use client";
// The operator's view of a workspace's or mailbox's open banners: one compact row per request (what,
// whose, how long, and what to copy for the customer: the consent URL, the client ID, their link),
// where the customer sees a full banner. A suspicious value is never offered for copying.
import Link from "next/link";
import type { Banner } from "@/lib/banners";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { When } from "@/components/ui/time";
import { compactCopy, CopyButton } from "./copy-button";

const STATE: Record<Banner["state"], { label: string; variant: BadgeVariant }> = {
  grant_access: { label: "Customer to grant access", variant: "action" },
  add_client_id: { label: "Customer to add client ID", variant: "action" },
  failed: { label: "Failed", variant: "danger" },
  in_progress: { label: "In progress", variant: "progress" },
};

function what(b: Banner): string {
  return b.requestType === "consent_request"
    ? `Consent · ${b.mailbox ?? "mailbox"}`
    : `Client ID · ${b.domainName ?? "domain"}`;
}

/** The line under "what": why it is held back, what the vendor said, or where it stands. */
function detail(b: Banner): string {
  if (b.suspicious) return `Held back from the customer: ${b.suspicious}`;
  if (b.state === "failed") return `“${b.statusText}”${b.attempts ? ` (${b.attempts})` : ""}`;
  if (b.state === "grant_access" && !b.consentUrl) return b.urlProblem ?? "No consent URL yet";
  return b.status;
}

export function RequestRows({
  banners,
  customerLink,
  empty,
}: {
  banners: Banner[];
  /** The workspace's customer link, offered for copying on rows that wait for the customer. */
  customerLink?: string | null;
  empty: React.ReactNode;
}) {
  if (banners.length === 0) return <>{empty}</>;
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="request-rows">
      {banners.map((b) => {
        const look = b.suspicious ? { label: "Suspicious", variant: "danger" as const } : STATE[b.state];
        const customerActs = !b.suspicious && (b.state === "grant_access" || b.state === "add_client_id");
        return (
          <li
            key={b.key}
            data-testid="request-row"
            data-request-kind={b.requestType}
            data-request-state={b.suspicious ? "suspicious" : b.state}
            className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm"
          >
            <Badge variant={look.variant} dot className="justify-start sm:min-w-48">
              {look.label}
            </Badge>
            <div className="min-w-0 flex-1 basis-56">
              <Link
                href={`/requests/${encodeURIComponent(b.uid)}`}
                className="block truncate font-medium hover:underline"
              >
                {what(b)}
              </Link>
              <p className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={detail(b)}>
                {detail(b)}
              </p>
            </div>
            <span className="text-xs whitespace-nowrap text-zinc-600 tabular-nums dark:text-zinc-400">
              <When iso={b.updatedAt} />
            </span>
            <span className="flex flex-wrap gap-1 sm:justify-end">
              {!b.suspicious && b.state === "grant_access" && b.consentUrl && (
                <CopyButton value={b.consentUrl} label="Consent URL" className={compactCopy} />
              )}
              {!b.suspicious && b.state === "add_client_id" && (
                <CopyButton value={b.clientId} label="Client ID" className={compactCopy} />
              )}
              {customerActs && customerLink && (
                <CopyButton value={customerLink} label="Customer link" className={compactCopy} />
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
