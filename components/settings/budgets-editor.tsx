"use client";
// The attention budgets as a table operators edit: each status's budget in force, its default and
// why. Changed rows are saved together (audit-logged); "Default" puts one back.
import { useState } from "react";
import { mutate } from "swr";
import type { BudgetSetting } from "@/lib/settings/budgets";
import { sendJson, useApi } from "@/components/hooks/api";
import { budgetText, entityLabel } from "@/components/attention/look";
import { statusLook } from "@/components/status/vendor-status";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RefreshError } from "@/components/operator/error-note";
import { parseDuration } from "./duration-input";
import { OutcomeNote, type Outcome } from "@/components/ui/outcome-note";

type Budgets = { budgets: BudgetSetting[] };
const keyOf = (b: Pick<BudgetSetting, "entityType" | "status">) => `${b.entityType}:${b.status}`;
const statusLabel = (b: BudgetSetting) =>
  b.status === "provisioning" ? "Whole setup (all steps)" : statusLook(b.entityType, b.status).label;

export function BudgetsEditor({ initial }: { initial: Budgets }) {
  const { data, error } = useApi<Budgets>("/api/settings/budgets", initial);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [note, setNote] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const parsed = Object.entries(drafts).map(([key, text]) => ({ key, text, seconds: parseDuration(text) }));
  const invalid = parsed.filter((p) => p.seconds === null);
  const changes = data.budgets.flatMap((b) => {
    const p = parsed.find((x) => x.key === keyOf(b));
    return p && p.seconds !== null && p.seconds !== b.seconds
      ? [{ entityType: b.entityType, status: b.status, seconds: p.seconds }]
      : [];
  });

  const save = async (budgets: { entityType: string; status: string; seconds: number | null }[]) => {
    setBusy(true);
    setNote(null);
    const answer = await sendJson<Budgets>("/api/settings/budgets", "PUT", { budgets });
    setBusy(false);
    if (!answer.ok) return setNote({ ok: false, text: answer.error ?? "Not saved" });
    setDrafts({});
    setNote({ ok: true, text: "Saved" });
    await mutate("/api/settings/budgets", answer.data, { revalidate: false });
    void mutate((key) => Array.isArray(key) && String(key[0]).startsWith("/api/attention"));
  };

  return (
    <Card
      title="Attention budgets"
      data-testid="budgets"
      bodyClassName="p-0"
      action={
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          Past its budget an item is a warning; past twice it, critical.
        </span>
      }
    >
      <RefreshError error={error} />
      <div className="overflow-x-auto">
        <table className="w-full min-w-[640px] text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="px-4 py-2 font-medium">What</th>
              <th className="px-4 py-2 font-medium">Budget</th>
              <th className="px-4 py-2 font-medium">Default</th>
              <th className="px-4 py-2 font-medium">Why</th>
            </tr>
          </thead>
          <tbody>
            {data.budgets.map((b) => {
              const key = keyOf(b);
              const draft = drafts[key];
              const bad = draft !== undefined && parseDuration(draft) === null;
              const changed = b.seconds !== b.defaultSeconds;
              return (
                <tr key={key} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-budget={key}>
                  <td className="px-4 py-2">
                    <div className="text-xs text-zinc-500 dark:text-zinc-400">{entityLabel(b.entityType)}</div>
                    <div className="font-medium">{statusLabel(b)}</div>
                  </td>
                  <td className="px-4 py-2">
                    <div className="flex items-center gap-2">
                      <input
                        value={draft ?? budgetText(b.seconds)}
                        onChange={(e) => setDrafts({ ...drafts, [key]: e.target.value })}
                        aria-label={`Budget for ${entityLabel(b.entityType)} ${statusLabel(b)}`}
                        aria-invalid={bad || undefined}
                        className={`w-28 rounded-md border bg-white px-2 py-1 text-sm tabular-nums dark:bg-zinc-950 ${bad ? "border-red-500" : "border-zinc-300 dark:border-zinc-700"}`}
                      />
                      {changed && (
                        <>
                          <Badge variant="progress">custom</Badge>
                          <button
                            type="button"
                            disabled={busy}
                            onClick={() => save([{ entityType: b.entityType, status: b.status, seconds: null }])}
                            className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
                          >
                            Default
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 tabular-nums text-zinc-600 dark:text-zinc-400">
                    {budgetText(b.defaultSeconds)}
                  </td>
                  <td className="px-4 py-2 text-xs text-zinc-600 dark:text-zinc-400">{b.why}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <button
          type="button"
          disabled={busy || changes.length === 0 || invalid.length > 0}
          onClick={() => save(changes)}
          className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          {busy ? "Saving…" : changes.length ? `Save ${changes.length} change${changes.length > 1 ? "s" : ""}` : "Save"}
        </button>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          Type e.g. “90 min”, “6 h”, “2 d” (1 min to 90 d).
        </span>
        {invalid.length > 0 && (
          <span role="alert" className="text-xs text-red-700 dark:text-red-400">
            Not a duration: {invalid.map((p) => `“${p.text}”`).join(", ")}
          </span>
        )}
        <OutcomeNote note={note} />
      </div>
    </Card>
  );
}
