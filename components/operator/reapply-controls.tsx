"use client";
// Re-apply one event: a dry run first (the entity's fields before → after, nothing written), then
// apply. The answer comes from POST /api/events/:id/reapply.
import { useState } from "react";
import { mutate } from "swr";
import type { ReapplyResult } from "@/lib/events/reapply";

type State = { busy: boolean; result: ReapplyResult | null; error: string | null };

async function post(id: number, dryRun: boolean): Promise<ReapplyResult> {
  const response = await fetch(`/api/events/${id}/reapply`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ dryRun }),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `Request failed (${response.status})`);
  return body as ReapplyResult;
}

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function Diff({ result }: { result: Extract<ReapplyResult, { applicable: true }> }) {
  const verb = result.dryRun ? "would change" : "changed";
  if (!result.changed)
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Nothing {verb}: the entity already holds what this event says.
      </p>
    );
  return (
    <div className="space-y-2 text-sm">
      <p>
        {result.dryRun ? "A dry run: nothing was written." : "Applied."} Outcome {result.outcome.before} →{" "}
        {result.outcome.after}.
      </p>
      {result.changes.length > 0 && (
        <table data-testid="reapply-diff" className="w-full text-left text-xs">
          <thead>
            <tr className="text-zinc-500 dark:text-zinc-400">
              <th className="py-1 pr-2 font-medium">Field</th>
              <th className="py-1 pr-2 font-medium">Before</th>
              <th className="py-1 font-medium">After</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {result.changes.map((c) => (
              <tr key={c.field} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                <td className="py-1 pr-2">{c.field}</td>
                <td className="break-all py-1 pr-2 text-red-700 dark:text-red-400">{show(c.before)}</td>
                <td className="break-all py-1 text-emerald-700 dark:text-emerald-400">{show(c.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ReapplyControls({ id }: { id: number }) {
  const [state, setState] = useState<State>({ busy: false, result: null, error: null });
  const run = async (dryRun: boolean) => {
    setState({ busy: true, result: null, error: null });
    try {
      const result = await post(id, dryRun);
      setState({ busy: false, result, error: null });
      if (!dryRun) await mutate((key) => typeof key === "string" && key.startsWith("/api/"));
    } catch (error) {
      setState({ busy: false, result: null, error: (error as Error).message });
    }
  };
  const button =
    "rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-900";
  return (
    <section data-testid="reapply">
      <h3 className="mb-1 text-sm font-semibold">Re-apply</h3>
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
        Runs the stored event through today&apos;s parser and the ordering rules again. Try a dry run first.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="button" disabled={state.busy} onClick={() => run(true)} className={button}>
          Dry run
        </button>
        <button
          type="button"
          disabled={
            state.busy || !state.result || !state.result.dryRun || (state.result.applicable && !state.result.changed)
          }
          onClick={() => run(false)}
          className={button}
        >
          Apply
        </button>
      </div>
      <div className="mt-3" aria-live="polite">
        {state.error && <p className="text-sm text-red-700 dark:text-red-400">{state.error}</p>}
        {state.result && state.result.applicable && <Diff result={state.result} />}
      </div>
    </section>
  );
}
