// Mail counts for one mailbox: sent, delivered, bounced, failed and received over 24 h and 7 d, with
// the bounce rate, as a small table (numbers right-aligned, tabular, zero greyed out).
import { cn } from "@/lib/cn";
import type { MailActivitySummary, MailCounts } from "@/lib/queries/mail-activity";
import { COUNTED_KINDS, KIND_LOOK } from "./look";

const TONE: Partial<Record<keyof MailCounts, string>> = {
  bounced: "text-red-700 dark:text-red-400",
  failed: "text-red-700 dark:text-red-400",
};

function bounceRate(c: MailCounts): string {
  const settled = c.delivered + c.bounced;
  return settled === 0 ? "—" : `${Math.round((c.bounced / settled) * 1000) / 10} %`;
}

function Cell({ value, kind }: { value: number; kind: keyof MailCounts }) {
  return (
    <td
      className={cn(
        "px-3 py-1.5 text-right tabular-nums",
        value === 0 ? "text-zinc-500 dark:text-zinc-400" : (TONE[kind] ?? "text-zinc-900 dark:text-zinc-100"),
      )}
    >
      {value.toLocaleString("en")}
    </td>
  );
}

export function MailActivityCounts({ summary, className }: { summary: MailActivitySummary; className?: string }) {
  return (
    <table className={cn("w-full text-sm", className)} data-testid="mail-activity-counts">
      <caption className="sr-only">Inkbox mail events for {summary.email} in the last 24 hours and 7 days</caption>
      <thead>
        <tr className="text-xs text-zinc-500 dark:text-zinc-400">
          <th scope="col" className="py-1.5 pr-3 text-left font-medium">
            Mail
          </th>
          <th scope="col" className="px-3 py-1.5 text-right font-medium">
            24 h
          </th>
          <th scope="col" className="px-3 py-1.5 text-right font-medium">
            7 d
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {COUNTED_KINDS.map((kind) => (
          <tr key={kind} data-kind={kind}>
            <th scope="row" className="py-1.5 pr-3 text-left font-normal text-zinc-600 dark:text-zinc-400">
              {KIND_LOOK[kind].label}
            </th>
            <Cell value={summary.last24h[kind]} kind={kind} />
            <Cell value={summary.last7d[kind]} kind={kind} />
          </tr>
        ))}
        <tr>
          <th
            scope="row"
            className="py-1.5 pr-3 text-left font-normal text-zinc-600 dark:text-zinc-400"
            title="bounced ÷ (delivered + bounced)"
          >
            Bounce rate
          </th>
          <td className="px-3 py-1.5 text-right tabular-nums">{bounceRate(summary.last24h)}</td>
          <td className="px-3 py-1.5 text-right tabular-nums">{bounceRate(summary.last7d)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** One line for a list cell: "12 sent · 1 bounced in 24 h", or nothing to say. */
export function mailCountsLine(summary: MailActivitySummary): string {
  const c = summary.last24h;
  const parts = [
    c.sent && `${c.sent} sent`,
    c.delivered && `${c.delivered} delivered`,
    c.bounced && `${c.bounced} bounced`,
    c.failed && `${c.failed} failed`,
    c.received && `${c.received} received`,
  ].filter(Boolean);
  return parts.length ? `${parts.join(" · ")} in 24\u00a0h` : "Nothing in 24\u00a0h";
}
