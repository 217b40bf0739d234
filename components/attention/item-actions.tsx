"use client";
// What an operator can do from a queue row: open it, copy what the customer needs (their link, the
// consent URL, the client ID), acknowledge it with a note, or snooze it for 1 h / 1 d / 1 w. The
// item leaves the queue as soon as the API has stored the action (and on every other open tab,
// through the live stream).
import { useState } from "react";
import Link from "next/link";
import { mutate } from "swr";
import type { AttentionItem } from "@/lib/attention/evaluate";
import type { ItemDetail } from "@/lib/queries/attention";
import { itemHref } from "@/lib/attention/next-step";
import { compactCopy, CopyButton } from "@/components/banners/copy-button";
import { sendJson } from "@/components/hooks/api";
import { cn } from "@/lib/cn";

export const SNOOZES = [
  { label: "1 h", ms: 3600_000 },
  { label: "1 d", ms: 86400_000 },
  { label: "1 w", ms: 7 * 86400_000 },
] as const;

const small =
  "inline-flex items-center rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs font-medium text-zinc-800 hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

const refreshQueue = () =>
  mutate((key) => Array.isArray(key) && typeof key[0] === "string" && key[0].startsWith("/api/attention"));

async function customerLink(workspaceId: string): Promise<string | null> {
  const answer = await sendJson<{ url: string }>(
    `/api/workspaces/${encodeURIComponent(workspaceId)}/customer-link`,
    "POST",
    {},
  );
  return answer.data?.url ?? null;
}

/** What the customer needs, to copy and send them: their link, the consent URL, the client ID. */
export function CopyActions({ item, detail }: { item: AttentionItem; detail: ItemDetail | undefined }) {
  const customer = item.workspaceId && item.kind === "customer_action";
  if (!customer && !detail?.consentUrl && !detail?.clientId) return null;
  return (
    <div className="flex flex-wrap gap-1">
      {customer && (
        <CopyButton value={() => customerLink(item.workspaceId!)} label="Customer link" className={compactCopy} />
      )}
      {detail?.consentUrl && <CopyButton value={detail.consentUrl} label="Consent URL" className={compactCopy} />}
      {detail?.clientId && <CopyButton value={detail.clientId} label="Client ID" className={compactCopy} />}
    </div>
  );
}

export function ItemActions({ item }: { item: AttentionItem }) {
  const [mode, setMode] = useState<"idle" | "acknowledge">("idle");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const href = itemHref(item);
  const handled = !!item.acknowledged || !!item.snoozedUntil;

  const act = async (path: "acknowledge" | "snooze", body: unknown) => {
    setBusy(true);
    setError(null);
    const answer = await sendJson(`/api/attention/${encodeURIComponent(item.id)}/${path}`, "POST", body);
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setMode("idle");
    await refreshQueue();
  };

  return (
    <div className="flex flex-col items-start gap-1.5 lg:items-end">
      <div className="flex flex-wrap items-center gap-1 lg:flex-nowrap lg:justify-end">
        {href && (
          <Link href={href} className={small}>
            Open
          </Link>
        )}
        {!handled && (
          <>
            <button
              type="button"
              className={small}
              onClick={() => setMode(mode === "acknowledge" ? "idle" : "acknowledge")}
              aria-expanded={mode === "acknowledge"}
            >
              Acknowledge
            </button>
            <details className="group relative">
              <summary className={cn(small, "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}>
                Snooze ▾
              </summary>
              <div className="absolute right-0 z-10 mt-1 flex gap-1 rounded-md border border-zinc-200 bg-white p-1 shadow-md dark:border-zinc-700 dark:bg-zinc-900">
                {SNOOZES.map((s) => (
                  <button
                    key={s.label}
                    type="button"
                    disabled={busy}
                    className={small}
                    onClick={() => act("snooze", { until: new Date(Date.now() + s.ms).toISOString() })}
                    aria-label={`Snooze ${s.label}`}
                  >
                    {s.label}
                  </button>
                ))}
              </div>
            </details>
          </>
        )}
      </div>
      {mode === "acknowledge" && (
        <form
          className="flex w-full min-w-[18rem] flex-wrap items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            void act("acknowledge", { note });
          }}
        >
          <input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
            placeholder="Note (optional): what you did or wait for"
            aria-label="Acknowledgement note"
            className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-950"
          />
          <button
            type="submit"
            disabled={busy}
            className="rounded-md bg-zinc-900 px-2.5 py-1 text-xs font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
          >
            {busy ? "Saving…" : "Save"}
          </button>
          <button type="button" className={small} onClick={() => setMode("idle")}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
