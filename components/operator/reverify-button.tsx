"use client";
// Re-verify the quarantine: after a secret, scheme or Inkbox key was fixed, every sealed delivery is
// checked again and those that now pass are ingested (POST /api/deliveries/reverify). Shows the counts.
import { useState } from "react";
import { mutate } from "swr";
import type { ReverifyResult } from "@/lib/webhooks/reverify";

type State = { busy: boolean; result: ReverifyResult | null; error: string | null };

async function reverify(): Promise<ReverifyResult> {
  const response = await fetch("/api/deliveries/reverify", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: "{}",
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `Request failed (${response.status})`);
  return body as ReverifyResult;
}

export function ReverifyButton({ quarantined }: { quarantined: number }) {
  const [state, setState] = useState<State>({ busy: false, result: null, error: null });
  const run = async () => {
    setState({ busy: true, result: null, error: null });
    try {
      const result = await reverify();
      setState({ busy: false, result, error: null });
      await mutate((key) => typeof key === "string" && key.startsWith("/api/"));
    } catch (error) {
      setState({ busy: false, result: null, error: (error as Error).message });
    }
  };
  return (
    <section
      data-testid="reverify"
      className="mb-4 flex flex-col gap-3 rounded-lg border border-zinc-200 px-4 py-3 text-sm sm:flex-row sm:flex-wrap sm:items-center dark:border-zinc-800"
    >
      <p className="min-w-0 sm:flex-1">
        <strong className="tabular-nums">{quarantined.toLocaleString("en-US")}</strong>{" "}
        {quarantined === 1 ? "delivery refused for its signature is" : "deliveries refused for their signature are"}{" "}
        kept sealed for 7 days. Fixed a secret, the scheme or an Inkbox key? Re-verify them against the current
        configuration.
      </p>
      <button
        type="button"
        onClick={run}
        disabled={state.busy}
        className="self-start rounded-md border border-zinc-300 px-3 py-1.5 font-medium sm:self-auto hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
      >
        {state.busy ? "Re-verifying…" : "Re-verify quarantined"}
      </button>
      {state.result && (
        <p role="status" data-testid="reverify-result" className="w-full font-medium">
          {state.result.recovered.toLocaleString("en-US")} recovered,{" "}
          {state.result.stillFailing.toLocaleString("en-US")} still fail
          {state.result.checked === 0 ? " (nothing was quarantined)" : ""}.
        </p>
      )}
      {state.error && (
        <p role="alert" className="w-full text-red-700 dark:text-red-400">
          {state.error}
        </p>
      )}
    </section>
  );
}
