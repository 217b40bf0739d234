// How many domains and mailboxes are in each status group (the status table's tone), as one stacked
// bar per kind with the numbers written beside each group.
import Link from "next/link";
import { FUNNEL_GROUPS, type Funnel } from "@/lib/funnel";
import type { Tone } from "@/lib/statuses";

const COLOUR: Record<Tone, string> = {
  working: "bg-sky-500 dark:bg-sky-400",
  attention: "bg-violet-500 dark:bg-violet-400",
  problem: "bg-red-600 dark:bg-red-400",
  done: "bg-emerald-500 dark:bg-emerald-400",
  inactive: "bg-zinc-400 dark:bg-zinc-500",
};

function Row({ title, href, counts }: { title: string; href: string; counts: Funnel }) {
  const total = FUNNEL_GROUPS.reduce((sum, g) => sum + counts[g.tone], 0);
  return (
    <div data-testid={`funnel-${title.toLowerCase()}`}>
      <div className="flex items-baseline justify-between text-sm">
        <Link href={href} className="font-medium hover:underline">
          {title}
        </Link>
        <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{total.toLocaleString("en-US")}</span>
      </div>
      <div aria-hidden className="mt-1 flex h-2.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        {FUNNEL_GROUPS.map((g) =>
          counts[g.tone] ? (
            <div key={g.tone} className={COLOUR[g.tone]} style={{ width: `${(counts[g.tone] / total) * 100}%` }} />
          ) : null,
        )}
      </div>
      <ul className="mt-1.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        {FUNNEL_GROUPS.map((g) => (
          <li key={g.tone} className="flex items-center gap-1" data-group={g.tone}>
            <span aria-hidden className={`size-2 rounded-sm ${COLOUR[g.tone]}`} />
            {g.label}{" "}
            <span className="font-medium tabular-nums text-zinc-900 dark:text-zinc-100">
              {counts[g.tone].toLocaleString("en-US")}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function OnboardingFunnel({ domains, mailboxes }: { domains: Funnel; mailboxes: Funnel }) {
  return (
    <div className="space-y-4">
      <Row title="Domains" href="/domains" counts={domains} />
      <Row title="Mailboxes" href="/mailboxes" counts={mailboxes} />
    </div>
  );
}
