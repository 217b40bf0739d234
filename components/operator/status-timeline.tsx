// The status timeline: one entry per stored event, oldest first, with transitions, vendor and
// received times, time in status, and markers for stale, ignored, duplicate deliveries and
// credential changes.
import type { EntityType } from "@/lib/ordering";
import { mergeMailIntoTimeline, type Timeline, type TimelineEntry } from "@/lib/timeline";
import type { MailActivityItem } from "@/lib/queries/mail-activity";
import { MailActivityEntry } from "@/components/mail-activity/index";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { formatUtc, humanDuration } from "@/lib/time";
import { StatusBadge } from "@/components/status/status-badge";
import { cn } from "@/lib/cn";

/** What ingestion changed about a delivery to store it (lib/webhooks/ingest.ts EventFlag). */
const FLAG_LABELS: Record<string, string> = {
  future_time_capped: "Future vendor time capped",
  clamped: "Number clamped",
  truncated: "Text truncated",
};

type Props = {
  type: EntityType;
  timeline: Timeline;
  webhookUrl: string;
  /** Inkbox mail activity of a mailbox, woven in by vendor time. */
  mail?: MailActivityItem[];
};

export function StatusTimeline({ type, timeline, webhookUrl, mail = [] }: Props) {
  if (timeline.entries.length === 0 && mail.length === 0) {
    return (
      <EmptyState title="No events yet">
        Point InboxKit at <code className="font-mono text-xs">{webhookUrl}</code>; each status change appears here as it
        arrives.
      </EmptyState>
    );
  }
  const { counts } = timeline;
  return (
    <div>
      <p className="mb-4 text-xs text-zinc-500 dark:text-zinc-400" data-testid="timeline-summary">
        {counts.events} event{counts.events === 1 ? "" : "s"} · {counts.applied} applied
        {counts.stale > 0 && ` · ${counts.stale} stale`}
        {counts.duplicateDeliveries > 0 &&
          ` · ${counts.duplicateDeliveries} duplicate deliver${counts.duplicateDeliveries === 1 ? "y" : "ies"}`}
        {mail.length > 0 && ` · ${mail.length} mail event${mail.length === 1 ? "" : "s"}`}
      </p>
      <ol className="relative space-y-0" data-testid="status-timeline" aria-label="Status timeline, oldest first">
        {mergeMailIntoTimeline(timeline.entries, mail).map((row, i, rows) =>
          row.source === "status" ? (
            <Entry key={`s${row.entry.id}`} type={type} entry={row.entry} last={i === rows.length - 1} />
          ) : (
            <MailRow key={`m${row.item.id}`} item={row.item} last={i === rows.length - 1} />
          ),
        )}
      </ol>
    </div>
  );
}

function Rail({ last }: { last: boolean }) {
  return last ? null : (
    <span aria-hidden className="absolute left-[7px] top-5 h-full w-px bg-zinc-200 dark:bg-zinc-800" />
  );
}

function MailRow({ item, last }: { item: MailActivityItem; last: boolean }) {
  return (
    <li className="relative flex gap-4 pb-5" data-testid="timeline-mail" data-kind={item.kind}>
      <Rail last={last} />
      <span
        aria-hidden
        className="relative mt-1.5 ml-[3px] size-[9px] shrink-0 rounded-sm bg-sky-400 dark:bg-sky-500"
      />
      <MailActivityEntry item={item} className="@container min-w-0 flex-1" />
    </li>
  );
}

function Entry({ type, entry, last }: { type: EntityType; entry: TimelineEntry; last: boolean }) {
  const faded = !entry.applied;
  return (
    <li
      className="relative flex gap-4 pb-6"
      data-testid="timeline-entry"
      data-status={entry.status ?? ""}
      data-outcome={entry.outcome}
      data-current={entry.current ? "true" : "false"}
    >
      <Rail last={last} />
      <span
        aria-hidden
        className={cn(
          "relative mt-1 size-[15px] shrink-0 rounded-full border-2",
          entry.current
            ? "border-emerald-500 bg-emerald-500 ring-4 ring-emerald-500/15"
            : entry.applied
              ? "border-zinc-400 bg-white dark:bg-zinc-900"
              : "border-dashed border-amber-500 bg-white dark:bg-zinc-900",
        )}
      />
      <div className={cn("min-w-0 flex-1", faded && "opacity-80")}>
        <div className="flex flex-wrap items-center gap-2">
          {entry.previousStatus && (
            <>
              <span
                className="text-xs text-zinc-500 dark:text-zinc-400"
                title={
                  entry.previousInferred
                    ? "From the event before (the vendor sent no previous_status)"
                    : "previous_status sent by the vendor"
                }
              >
                {entry.previousStatus}
              </span>
              <span aria-label="to" className="text-zinc-500 dark:text-zinc-400">
                →
              </span>
            </>
          )}
          <StatusBadge type={type} status={entry.status} />
          {entry.current && <Badge variant="success">Current</Badge>}
          {entry.stale && (
            <Badge
              variant="warning"
              data-testid="stale-marker"
              title="Arrived after a newer event; recorded but not applied"
            >
              Stale · not applied
            </Badge>
          )}
          {entry.ignored && <Badge variant="muted">Ignored</Badge>}
          {entry.duplicateCount > 1 && (
            <Badge
              variant="neutral"
              data-testid="duplicate-marker"
              title={`Last delivery ${formatUtc(entry.lastSeenAt)}`}
            >
              Delivered {entry.duplicateCount}×
            </Badge>
          )}
          {entry.credentialsChanged && (
            <Badge variant="action" data-testid="credentials-marker">
              Credentials changed
            </Badge>
          )}
          {[...new Set(entry.flags.map((flag) => flag.code))].map((code) => (
            <Badge key={code} variant="warning" data-testid="flag-marker">
              {FLAG_LABELS[code] ?? code}
            </Badge>
          ))}
        </div>
        {entry.flags.length > 0 && (
          <ul className="mt-1 space-y-0.5 text-xs break-all text-amber-800 dark:text-amber-300">
            {entry.flags.map((flag, i) => (
              <li key={i}>{flag.detail}</li>
            ))}
          </ul>
        )}
        <dl className="mt-1.5 grid grid-cols-1 gap-x-6 gap-y-0.5 text-xs text-zinc-600 sm:grid-cols-[auto_auto_auto] sm:justify-start dark:text-zinc-400">
          <div>
            <dt className="inline text-zinc-500 dark:text-zinc-400">Vendor time </dt>
            <dd className="inline font-medium text-zinc-800 dark:text-zinc-200">
              <Time iso={entry.occurredAt} />
            </dd>
          </div>
          <div>
            <dt className="inline text-zinc-500 dark:text-zinc-400">Received </dt>
            <dd className="inline">
              <Time iso={entry.receivedAt} />
              {entry.delayMs > 60_000 && (
                <span className="text-zinc-500 dark:text-zinc-400" title="How long after the vendor time it reached us">
                  {" "}
                  (+{humanDuration(entry.delayMs)})
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt className="inline text-zinc-500 dark:text-zinc-400">
              {entry.current ? "In this status for " : entry.applied ? "Lasted " : "Status "}
            </dt>
            <dd className="inline" data-testid="duration">
              {entry.durationMs !== null
                ? humanDuration(entry.durationMs)
                : entry.stale
                  ? "not applied (a newer event was already in)"
                  : entry.applied
                    ? "superseded"
                    : "not applied"}
            </dd>
          </div>
        </dl>
        <p className="mt-0.5 font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
          #{entry.id} · {entry.eventType}
        </p>
      </div>
    </li>
  );
}
