"use client";
// Channels: which exist (from the environment, secrets masked), on or off globally or for one
// workspace, extra operator recipients (global), and "Send a test" per channel.
import { useState } from "react";
import { mutate } from "swr";
import type { NotificationSettingsView } from "@/lib/queries/notifications";
import { useNotificationSettings } from "@/components/hooks/use-notifications";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { OutcomeNote } from "@/components/ui/outcome-note";

const LABEL = { slack: "Slack", webhook: "Webhook", email: "Email" } as const;
type Channel = keyof typeof LABEL;

async function send(
  url: string,
  method: "PUT" | "POST",
  body: unknown,
): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: response.ok, data };
}

const errorText = (data: Record<string, unknown>) =>
  (data.error as { message?: string } | undefined)?.message ?? "Request failed";

function TestButton({ channel, disabled }: { channel: Channel; disabled: boolean }) {
  const [state, setState] = useState<{ busy: boolean; text: string | null; ok: boolean }>({
    busy: false,
    text: null,
    ok: true,
  });
  const run = async () => {
    setState({ busy: true, text: null, ok: true });
    const { ok, data } = await send("/api/notifications/test", "POST", { channel });
    const delivered = ok && data.delivered === true;
    setState({
      busy: false,
      ok: delivered,
      text: ok ? (delivered ? "Sent" : `Not sent: ${String(data.error)}`) : errorText(data),
    });
    void mutate((key) => typeof key === "string" && key.startsWith("/api/notifications"));
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={run}
        disabled={disabled || state.busy}
        className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {state.busy ? "Sending…" : "Send a test"}
      </button>
      <OutcomeNote note={state.text ? { ok: state.ok, text: state.text } : null} />
    </div>
  );
}

export function ChannelSettingsPanel({
  initial,
  workspace,
}: {
  initial: NotificationSettingsView;
  workspace: string | null;
}) {
  const { data } = useNotificationSettings(workspace, initial);
  const scope = workspace ? data.workspace! : data.global;
  const [recipients, setRecipients] = useState(data.global.emailTo.join(", "));
  const [note, setNote] = useState<string | null>(null);

  const save = async (body: { channels?: Partial<Record<Channel, boolean>>; emailTo?: string[] }) => {
    setNote(null);
    const { ok, data: answer } = await send("/api/notifications/settings", "PUT", {
      scope: workspace ?? "global",
      ...body,
    });
    setNote(ok ? "Saved" : errorText(answer));
    void mutate((key) => typeof key === "string" && key.startsWith("/api/notifications/settings"));
  };

  return (
    <Card title={workspace ? "Alert channels for this workspace" : "Channels"} data-testid="channel-settings">
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {data.channels.map((c) => {
          const on = scope.channels[c.channel];
          const globallyOff = workspace !== null && !data.global.channels[c.channel];
          return (
            <li
              key={c.channel}
              className="flex flex-wrap items-start gap-x-4 gap-y-2 py-3 first:pt-0 last:pb-0"
              data-channel={c.channel}
            >
              <div className="min-w-[12rem] flex-1">
                <div className="flex items-center gap-2">
                  <span className="text-sm font-medium">{LABEL[c.channel]}</span>
                  {c.configured ? (
                    <Badge variant="success">configured</Badge>
                  ) : (
                    <Badge variant="muted">not configured</Badge>
                  )}
                </div>
                <div className="mt-0.5 break-all font-mono text-xs text-zinc-500 dark:text-zinc-400">
                  {c.target ?? `Set ${c.variables}`}
                </div>
                {c.detail && <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{c.detail}</div>}
              </div>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!c.configured || globallyOff}
                  onChange={(e) => save({ channels: { [c.channel]: e.target.checked } })}
                  className="size-4 accent-zinc-900 dark:accent-zinc-100"
                />
                {workspace ? "Alerts for this workspace" : "Send alerts"}
              </label>
              {!workspace && <TestButton channel={c.channel} disabled={!c.configured} />}
            </li>
          );
        })}
      </ul>
      {!workspace && (
        <form
          className="mt-4 flex flex-wrap items-end gap-2 border-t border-zinc-100 pt-4 dark:border-zinc-800"
          onSubmit={(e) => {
            e.preventDefault();
            void save({
              emailTo: recipients
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean),
            });
          }}
        >
          <label className="flex min-w-[16rem] flex-1 flex-col gap-1 text-sm">
            <span className="font-medium">Operator email recipients</span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              In addition to ALERT_EMAIL_TO; comma-separated. Each workspace&apos;s notification recipients get its
              alerts too.
            </span>
            <input
              value={recipients}
              onChange={(e) => setRecipients(e.target.value)}
              placeholder="ops@example.com, oncall@example.com"
              className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950"
            />
          </label>
          <button
            type="submit"
            className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
          >
            Save recipients
          </button>
        </form>
      )}
      {note && (
        <p role="status" className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          {note}
        </p>
      )}
    </Card>
  );
}
