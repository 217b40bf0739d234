"use client";
// The attention queue: what needs action now, most severe and oldest first, in compact rows (what,
// whose, how long, what to do next) with their actions. Never capped silently: the header says how
// many there are, and "Show more" loads the next page. Live: every change notice refetches it.
import { useState } from "react";
import Link from "next/link";
import type { AttentionItem, AttentionKind, Counts } from "@/lib/attention/evaluate";
import type { AttentionResponse, ItemDetail } from "@/lib/queries/attention";
import { nextStep, itemHref } from "@/lib/attention/next-step";
import { useAttention } from "@/components/hooks/use-attention";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Time, When } from "@/components/ui/time";
import { cn } from "@/lib/cn";
import { RefreshError } from "@/components/operator/error-note";
import { chip } from "@/components/operator/list-controls";
import { CopyActions, ItemActions } from "./item-actions";
import { formatUtc } from "@/lib/time";
import {
  ageText,
  budgetText,
  entityLabel,
  itemStatus,
  KIND_LABEL,
  QUEUE_PAGE,
  SEVERITY_LABEL,
  SEVERITY_VARIANT,
} from "./look";

export function AttentionQueue({ initial, workspace }: { initial: AttentionResponse; workspace?: string }) {
  const [kind, setKind] = useState<AttentionKind | undefined>(undefined);
  const [handled, setHandled] = useState(false);
  const [pages, setPages] = useState(1);
  const all = useAttention({ workspace }, 1, initial);
  const filtered = useAttention(
    { workspace, kind, include: handled ? "handled" : undefined },
    pages,
    !kind && !handled && pages === 1 ? initial : undefined,
  );
  const counts = (all.data ?? initial).counts;
  const data = filtered.data;
  const total = (all.data ?? initial).total;
  const choose = (next: AttentionKind | undefined) => {
    setKind(next);
    setPages(1);
  };

  return (
    <Card
      data-testid="attention-queue"
      title={
        <span className="flex flex-wrap items-center gap-2">
          Needs attention
          <span className="font-normal text-zinc-500 dark:text-zinc-400" data-testid="attention-total">
            {total} open
          </span>
        </span>
      }
      action={<SeverityCounts counts={counts} />}
      bodyClassName="p-0"
    >
      <RefreshError error={filtered.error ?? all.error} />
      <div className="flex flex-wrap items-center gap-1.5 border-b border-zinc-100 px-4 py-2.5 dark:border-zinc-800">
        <KindChip label="All" count={total} active={!kind} onClick={() => choose(undefined)} />
        {KINDS.filter((k) => counts.kind[k] > 0 || kind === k).map((k) => (
          <KindChip
            key={k}
            label={KIND_LABEL[k]}
            count={counts.kind[k]}
            active={kind === k}
            onClick={() => choose(k)}
          />
        ))}
        <label className="ml-auto flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          <input
            type="checkbox"
            checked={handled}
            onChange={(e) => {
              setHandled(e.target.checked);
              setPages(1);
            }}
            className="size-3.5 accent-zinc-900 dark:accent-zinc-100"
          />
          Include acknowledged and snoozed
        </label>
      </div>
      {!data ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>
      ) : data.items.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400" data-testid="attention-empty">
          {kind || handled ? "Nothing here." : "Nothing needs attention: every onboarding is moving within its budget."}
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {data.items.map((item) => (
            <AttentionRow key={item.id} item={item} detail={data.details[item.id]} />
          ))}
        </ul>
      )}
      {data && (
        <div className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-100 px-4 py-2.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <span data-testid="attention-shown">
            Showing {data.items.length} of {data.total}
          </span>
          {data.nextCursor && (
            <button
              type="button"
              onClick={() => setPages((p) => p + 1)}
              className="rounded-md border border-zinc-300 px-2.5 py-1 font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-800"
            >
              Show {Math.min(QUEUE_PAGE, data.total - data.items.length)} more
            </button>
          )}
        </div>
      )}
    </Card>
  );
}

function SeverityCounts({ counts }: { counts: Counts }) {
  return (
    <span className="flex gap-1.5" data-testid="attention-severity-counts">
      <Badge variant={counts.severity.critical ? "danger" : "muted"}>{counts.severity.critical} critical</Badge>
      <Badge variant={counts.severity.warning ? "warning" : "muted"}>{counts.severity.warning} warning</Badge>
    </span>
  );
}

function KindChip(props: { label: string; count: number; active: boolean; onClick: () => void }) {
  return (
    <button type="button" onClick={props.onClick} aria-pressed={props.active} className={chip(props.active)}>
      {props.label}
      <span className="font-normal tabular-nums">{props.count}</span>
    </button>
  );
}

/** Kinds in the order the chips show them (evaluate.ts holds node:crypto, so not imported here). */
const KINDS = Object.keys(KIND_LABEL) as AttentionKind[];

const STRIPE = { critical: "border-l-red-500", warning: "border-l-amber-400" } as const;

function Age({ item, testId }: { item: AttentionItem; testId?: string }) {
  const over = item.budgetSeconds ? item.ageSeconds / item.budgetSeconds : null;
  return (
    <>
      <span className="font-medium tabular-nums" title={`since ${formatUtc(item.since)}`} data-testid={testId}>
        {ageText(item.ageSeconds)}
      </span>
      {item.budgetSeconds !== null && (
        <span className="block whitespace-nowrap text-xs text-zinc-500 dark:text-zinc-400">
          budget {budgetText(item.budgetSeconds)}
          {over !== null && over > 1 && ` · ${over >= 10 ? Math.round(over) : over.toFixed(1)}×`}
        </span>
      )}
    </>
  );
}

function AttentionRow({ item, detail }: { item: AttentionItem; detail: ItemDetail | undefined }) {
  const href = itemHref(item);
  const whose = item.workspaceId ? (detail?.workspaceName ?? item.workspaceId) : null;
  return (
    <li
      data-testid="attention-item"
      data-severity={item.severity}
      data-kind={item.kind}
      data-uid={item.uid ?? ""}
      className={cn(
        "flex flex-col gap-1.5 border-l-4 px-4 py-2.5 lg:grid lg:grid-cols-[8rem_minmax(0,1.5fr)_minmax(0,0.8fr)_6.5rem_minmax(0,1.7fr)_15rem] lg:items-start lg:gap-x-4",
        STRIPE[item.severity],
      )}
    >
      <div className="flex items-start gap-1.5 lg:flex-col lg:gap-0.5">
        <Badge variant={SEVERITY_VARIANT[item.severity]} dot data-testid="attention-severity">
          {SEVERITY_LABEL[item.severity]}
        </Badge>
        <span className="mt-0.5 text-xs text-zinc-500 lg:mt-0 dark:text-zinc-400">
          {KIND_LABEL[item.kind]} · {entityLabel(item.entityType)}
        </span>
        <span className="ml-auto text-right text-sm lg:hidden">
          <Age item={item} />
        </span>
      </div>
      <div className="min-w-0">
        <div className="truncate text-sm font-medium" title={item.label}>
          {href ? (
            <Link href={href} className="hover:underline">
              {item.label}
            </Link>
          ) : (
            item.label
          )}
        </div>
        <div className="truncate text-xs text-zinc-600 dark:text-zinc-400">
          {itemStatus(item)}
          {whose && <span className="lg:hidden"> · {whose}</span>}
        </div>
      </div>
      <div className="hidden min-w-0 text-sm lg:block">
        {item.workspaceId ? (
          <Link
            href={`/workspaces/${encodeURIComponent(item.workspaceId)}`}
            className="block truncate hover:underline"
            title={item.workspaceId}
          >
            {whose}
          </Link>
        ) : (
          <span className="text-zinc-500 dark:text-zinc-400">—</span>
        )}
      </div>
      <div className="hidden text-sm lg:block">
        <Age item={item} testId="attention-age" />
      </div>
      <div className="min-w-0 space-y-1">
        <p className="text-xs text-zinc-700 dark:text-zinc-300">{nextStep(item)}</p>
        {item.acknowledged && (
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="attention-acknowledged">
            Acknowledged by {item.acknowledged.by} <When iso={item.acknowledged.at} />
            {item.acknowledged.note && `: “${item.acknowledged.note}”`}
          </p>
        )}
        {item.snoozedUntil && (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Snoozed until <Time iso={item.snoozedUntil} />
          </p>
        )}
        <CopyActions item={item} detail={detail} />
      </div>
      <ItemActions item={item} />
    </li>
  );
}
