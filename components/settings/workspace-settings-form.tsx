"use client";
// A workspace's settings, on its page: the name operators see, the customer's contact (shown on the
// customer page as "Questions? Contact …"), the OAuth scopes shown with the client ID, who gets
// this workspace's alert emails, and whether the customer gets nudges. Saved as one PUT
// (audit-logged); the API's message names a refused field.
import { useState } from "react";
import { mutate } from "swr";
import type { WorkspaceSettings } from "@/lib/settings/workspace";
import { sendJson, useApi } from "@/components/hooks/api";
import { Card } from "@/components/ui/card";
import { OutcomeNote, type Outcome } from "@/components/ui/outcome-note";

const input =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950";
const list = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

function Field(props: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{props.label}</span>
      {props.children}
      {props.hint && <span className="text-xs text-zinc-500 dark:text-zinc-400">{props.hint}</span>}
    </label>
  );
}

export function WorkspaceSettingsForm({ workspaceId, initial }: { workspaceId: string; initial: WorkspaceSettings }) {
  const url = `/api/workspaces/${encodeURIComponent(workspaceId)}/settings`;
  const { data } = useApi<WorkspaceSettings>(url, initial);
  const [form, setForm] = useState(() => ({
    displayName: data.displayName ?? "",
    contactName: data.contactName ?? "",
    contactEmail: data.contactEmail ?? "",
    clientIdScopes: data.clientIdScopes.join("\n"),
    notifyEmails: data.notifyEmails.join(", "),
    nudges: data.nudges,
  }));
  const [note, setNote] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  const save = async () => {
    setBusy(true);
    setNote(null);
    const answer = await sendJson<WorkspaceSettings>(url, "PUT", {
      displayName: form.displayName,
      contactName: form.contactName,
      contactEmail: form.contactEmail,
      clientIdScopes: list(form.clientIdScopes, /[\s,]+/),
      notifyEmails: list(form.notifyEmails, /[\s,;]+/),
      nudges: form.nudges,
    });
    setBusy(false);
    setNote(answer.ok ? { ok: true, text: "Saved" } : { ok: false, text: answer.error ?? "Not saved" });
    if (!answer.ok) return;
    await mutate(url, answer.data, { revalidate: false });
    // The audit panel shows the change now, not only when the live notice arrives.
    void mutate((key) => typeof key === "string" && key.startsWith("/api/audit"));
  };

  return (
    <Card title="Workspace settings" className="mt-6 scroll-mt-28" id="settings" data-testid="workspace-settings">
      <form
        className="grid gap-4 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="Display name" hint="What operators see for this workspace in the queue and lists.">
          <input className={input} value={form.displayName} onChange={(e) => set({ displayName: e.target.value })} />
        </Field>
        <Field label="Customer contact name" hint="Shown on the customer page: “Questions? Contact …”.">
          <input className={input} value={form.contactName} onChange={(e) => set({ contactName: e.target.value })} />
        </Field>
        <Field label="Customer contact email" hint="Shown on the customer page; nudges go here.">
          <input
            className={input}
            type="email"
            value={form.contactEmail}
            onChange={(e) => set({ contactEmail: e.target.value })}
          />
        </Field>
        <Field label="Alert emails for this workspace" hint="Comma-separated; they get this workspace's alerts.">
          <input
            className={input}
            value={form.notifyEmails}
            onChange={(e) => set({ notifyEmails: e.target.value })}
            placeholder="ops@example.com"
          />
        </Field>
        <Field
          label="OAuth scopes for the client ID"
          hint="One per line. The customer page shows them with the client ID, with a copy button; none: scopes are not mentioned."
        >
          <textarea
            className={`${input} min-h-24 font-mono text-xs`}
            value={form.clientIdScopes}
            onChange={(e) => set({ clientIdScopes: e.target.value })}
            placeholder="https://mail.google.com/"
          />
        </Field>
        <div className="flex flex-col justify-between gap-4">
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              checked={form.nudges}
              onChange={(e) => set({ nudges: e.target.checked })}
              className="mt-0.5 size-4 accent-zinc-900 dark:accent-zinc-100"
            />
            <span>
              <span className="font-medium">Customer nudges</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                Email the contact when consent or a client ID is waiting on them, with reminders after 24 h and 72 h.
              </span>
            </span>
          </label>
          <div className="flex items-center gap-3">
            <button
              type="submit"
              disabled={busy}
              className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
            >
              {busy ? "Saving…" : "Save settings"}
            </button>
            <OutcomeNote note={note} />
          </div>
        </div>
      </form>
    </Card>
  );
}
