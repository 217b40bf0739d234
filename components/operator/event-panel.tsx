"use client";
// One event in a side panel: what arrived (the payload without credentials, pretty and copyable, and
// the non-secret request headers), the dedupe facts, what beat it if it is stale, and re-apply.
import Link from "next/link";
import { useEffect } from "react";
import type { EventDetail } from "@/lib/queries/events";
import { useEventDetail } from "@/components/hooks/use-events";
import { CopyButton } from "@/components/banners/copy-button";
import { Badge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { ReapplyControls } from "./reapply-controls";

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-zinc-500 dark:text-zinc-400">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function Facts({ d }: { d: EventDetail }) {
  const e = d.event;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      <Fact term="Entity">
        {d.entity ? (
          d.entity.href ? (
            <Link href={d.entity.href} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
              {d.entity.label ?? d.entity.uid}
            </Link>
          ) : (
            (d.entity.label ?? d.entity.uid)
          )
        ) : (
          "—"
        )}
        {d.entity && <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">({d.entity.type})</span>}
      </Fact>
      <Fact term="Status">
        {e.previousStatus ? `${e.previousStatus} → ` : ""}
        {e.status ?? "—"}
      </Fact>
      <Fact term="Workspace">{e.workspaceId ?? "—"}</Fact>
      <Fact term="Vendor time">
        <Time iso={e.occurredAt} ms />{" "}
        <span className="text-xs text-zinc-500 dark:text-zinc-400">from {e.occurredAtSource}</span>
      </Fact>
      <Fact term="First seen">
        <Time iso={e.receivedAt} ms />
      </Fact>
      <Fact term="Last seen">
        <Time iso={e.lastSeenAt} ms />
      </Fact>
      <Fact term="Deliveries">{e.duplicateCount}</Fact>
      <Fact term="Dedupe key">
        <span className="break-all font-mono text-xs">{e.dedupeKey}</span>
      </Fact>
    </dl>
  );
}

export function EventPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { data, error } = useEventDetail(id);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const payload = data && data.payload !== null ? JSON.stringify(data.payload, null, 2) : null;
  return (
    <aside
      role="dialog"
      aria-label={`Event ${id}`}
      data-testid="event-panel"
      className="fixed inset-0 z-40 overflow-y-auto border-zinc-200 bg-white p-5 shadow-2xl sm:inset-y-0 sm:left-auto sm:right-0 sm:w-[40rem] sm:border-l dark:border-zinc-800 dark:bg-zinc-950"
    >
      <div className="mb-4 flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            {data?.event.vendor ?? "event"} · #{id}
          </p>
          <h2 className="break-words text-lg font-semibold">{data?.event.eventType ?? "Loading…"}</h2>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Close
        </button>
      </div>
      {error && <p className="text-sm text-red-700 dark:text-red-400">{error.message}</p>}
      {data && (
        <div className="space-y-5">
          <div className="flex flex-wrap gap-1.5">
            <Badge
              variant={
                data.event.outcome === "stale" ? "warning" : data.event.outcome === "ignored" ? "muted" : "success"
              }
            >
              {data.event.outcome}
            </Badge>
            {data.event.duplicateCount > 1 && <Badge>delivered ×{data.event.duplicateCount}</Badge>}
          </div>
          {data.headerEventMismatch && (
            <p
              data-testid="header-mismatch"
              className="rounded-lg border border-violet-300 bg-violet-50 px-3 py-2 text-sm text-violet-900 dark:border-violet-800 dark:bg-violet-950/40 dark:text-violet-200"
            >
              The <code className="font-mono">X-InboxKit-Event</code> header said{" "}
              <code className="font-mono">{data.headerEventMismatch.header}</code>, the body says{" "}
              <code className="font-mono">{data.headerEventMismatch.body}</code>. The signed body wins.
            </p>
          )}
          {data.winner && (
            <p
              data-testid="winner"
              className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
            >
              Stale: the entity holds a newer event, #{data.winner.id} ({data.winner.eventType},{" "}
              {data.winner.status ?? "no status"}, vendor time{" "}
              <span className="font-mono text-xs">{data.winner.occurredAt}</span>).
            </p>
          )}
          <Facts d={data} />
          <section>
            <h3 className="mb-2 text-sm font-semibold">Request headers</h3>
            {data.headers ? (
              <dl
                data-testid="event-headers"
                className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900"
              >
                {Object.entries(data.headers).map(([name, value]) => (
                  <Fact key={name} term={name}>
                    {value}
                  </Fact>
                ))}
              </dl>
            ) : (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">
                Not kept: this event arrived before headers were stored.
              </p>
            )}
          </section>
          <section>
            <div className="mb-2 flex items-center justify-between gap-2">
              <h3 className="text-sm font-semibold">Payload (credentials removed)</h3>
              {payload && <CopyButton value={payload} label="Copy JSON" />}
            </div>
            {payload ? (
              <pre
                data-testid="event-payload"
                className="max-h-[28rem] overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs leading-relaxed dark:bg-zinc-900"
              >
                {payload}
              </pre>
            ) : (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">
                Dropped by retention {data.event.payloadDroppedAt ? <Time iso={data.event.payloadDroppedAt} /> : null}{" "}
                (EVENT_PAYLOAD_RETENTION_DAYS); the timeline row stays.
              </p>
            )}
          </section>
          <ReapplyControls id={id} />
        </div>
      )}
    </aside>
  );
}
