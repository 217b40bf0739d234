"use client";
// Refused deliveries, live, each explained in plain words with the fix.
import Link from "next/link";
import type { DeliveriesPage } from "@/lib/queries/deliveries";
import { useDeliveries } from "@/components/hooks/use-lists";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { When } from "@/components/ui/time";
import { RefreshError } from "./error-note";
import { ReverifyButton } from "./reverify-button";
import { chip, hrefWith, queryString, type ListState } from "./list-controls";

const VENDORS = [
  [null, "All vendors"],
  ["inboxkit", "InboxKit"],
  ["inkbox", "Inkbox"],
] as const;
const VENDOR_NAME: Record<string, string> = { inboxkit: "InboxKit", inkbox: "Inkbox" };

/** Size and hash of the body; a body that was never read says so, with the size its sender declared. */
function BodyFacts({ size, sha256, headers }: { size: number; sha256: string; headers: Record<string, string> }) {
  const declared = Number(headers["content-length"] ?? NaN);
  if (size === 0 && Number.isFinite(declared) && declared > 0)
    return (
      <>
        <dt>Body</dt>
        <dd>not read (declared {declared.toLocaleString("en-US")} bytes)</dd>
      </>
    );
  return (
    <>
      <dt>Size</dt>
      <dd>{size.toLocaleString("en-US")} bytes</dd>
      <dt>Body SHA-256</dt>
      <dd className="break-all font-mono">{sha256}</dd>
    </>
  );
}

export function DeliveriesView({ state, initial }: { state: ListState; initial: DeliveriesPage }) {
  const { data, error } = useDeliveries(queryString(state), initial);
  const reasons = Object.entries(data.counts).sort((a, b) => b[1] - a[1]);
  return (
    <div>
      <RefreshError error={error} />
      <PageHeader
        title="Refused deliveries"
        description="Webhooks we refused, newest first. Neither vendor resends a refused delivery, so a genuine one refused here is lost."
      />
      {data.scheme === "api-key-sha256" && (
        <p
          className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
          data-testid="scheme-warning"
        >
          Signature scheme <code className="font-mono">api-key-sha256</code>: the header is a hash of the team API key,
          the same on every delivery. It proves the sender knows the key but does <strong>not</strong> authenticate the
          body. Switch to <code className="font-mono">INBOXKIT_SIGNATURE_SCHEME=hmac-sha256</code> if InboxKit signs the
          body.
        </p>
      )}
      <ReverifyButton quarantined={data.quarantined} />
      {data.counted > 0 && (
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400" data-testid="counted">
          Past the cap of 1,000 stored refusals per vendor in 7 days,{" "}
          <strong className="tabular-nums">{data.counted.toLocaleString("en-US")}</strong> more were counted per hour,
          not stored one by one.
        </p>
      )}
      <nav aria-label="Filter by vendor" className="mb-2 flex flex-wrap gap-1.5">
        {VENDORS.map(([vendor, label]) => (
          <Link
            key={label}
            href={hrefWith("/deliveries", state, { vendor, before: null })}
            className={chip((state.vendor ?? null) === vendor)}
            aria-current={(state.vendor ?? null) === vendor ? "true" : undefined}
          >
            {label}
          </Link>
        ))}
      </nav>
      <nav aria-label="Filter by reason" className="mb-4 flex flex-wrap gap-1.5">
        <Link
          href={hrefWith("/deliveries", state, { reason: null, before: null })}
          className={chip(!state.reason)}
          aria-current={!state.reason ? "true" : undefined}
        >
          All reasons
        </Link>
        {reasons.map(([reason, n]) => (
          <Link
            key={reason}
            href={hrefWith("/deliveries", state, { reason, before: null })}
            className={chip(state.reason === reason)}
            aria-current={state.reason === reason ? "true" : undefined}
          >
            {reason.replace(/_/g, " ")} <span className="tabular-nums">{n}</span>
          </Link>
        ))}
      </nav>
      {data.rows.length === 0 ? (
        <EmptyState title="No refused deliveries">
          Every delivery so far passed the signature, size and format checks.
        </EmptyState>
      ) : (
        <div className="space-y-3" data-testid="deliveries">
          {data.rows.map((d) => (
            <Card key={d.id} data-reason={d.reason}>
              <div className="flex flex-wrap items-center gap-2">
                <Badge variant="danger">{d.explanation.title}</Badge>
                <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{d.reason}</span>
                {d.matchedScheme && <Badge variant="action">would match {d.matchedScheme}</Badge>}
                {d.quarantined && <Badge variant="action">quarantined</Badge>}
                {d.recoveredEventId !== null && (
                  <Badge variant="success">recovered as event #{d.recoveredEventId}</Badge>
                )}
                <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
                  {VENDOR_NAME[d.vendor] ?? d.vendor} · <When iso={d.receivedAt} />
                </span>
              </div>
              <p className="mt-2 text-sm">{d.explanation.explanation}</p>
              {d.explanation.fix && (
                <p className="mt-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">
                  What to do: {d.explanation.fix}
                </p>
              )}
              <details className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
                <summary className="cursor-pointer">Details</summary>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                  <dt>Detail</dt>
                  <dd>{d.detail ?? "—"}</dd>
                  <BodyFacts size={d.size} sha256={d.bodySha256} headers={d.headers} />
                  {Object.entries(d.headers).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="font-mono">{k}</dt>
                      <dd className="break-all font-mono">{v}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            </Card>
          ))}
          {data.nextBefore && (
            <Link
              href={hrefWith("/deliveries", state, { before: String(data.nextBefore) })}
              className="inline-block text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
            >
              Older refusals →
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
