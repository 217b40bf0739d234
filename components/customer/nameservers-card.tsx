// What the customer does for a domain they connect themselves whose DNS is not there yet (or failed):
// set these nameservers at their registrar, each with a copy button.
import type { CustomerItem } from "@/lib/queries/onboarding";
import { CopyButton } from "@/components/banners/copy-button";
import { Breakable } from "@/components/ui/breakable";

export function NameserversCard({ item }: { item: CustomerItem & { nameservers: string[] } }) {
  const failed = item.status.tone === "problem";
  return (
    <article
      data-testid="nameservers-action"
      aria-labelledby={`${item.key}-ns-title`}
      className="rounded-xl border border-amber-200 bg-amber-50/70 p-4 shadow-xs sm:p-5 dark:border-amber-900/60 dark:bg-amber-950/30"
    >
      <p className="text-xs font-semibold tracking-wide text-amber-800 uppercase dark:text-amber-300">Action needed</p>
      <h3 id={`${item.key}-ns-title`} className="mt-2 text-base font-semibold text-zinc-900 dark:text-zinc-50">
        Check the nameservers of <Breakable text={item.name} />
      </h3>
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
        {failed
          ? "DNS did not reach the internet in time. Sign in where you bought the domain (your registrar) and make sure its nameservers are exactly these, then tell your account contact:"
          : "Sign in where you bought the domain (your registrar) and set its nameservers to these:"}
      </p>
      <ul className="mt-3 space-y-2">
        {item.nameservers.map((ns) => (
          <li key={ns} className="flex items-center gap-2">
            <code className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-3 py-1.5 font-mono text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100">
              <Breakable text={ns} />
            </code>
            <CopyButton value={ns} label="Copy" />
          </li>
        ))}
      </ul>
      {item.nameservers.length > 1 && (
        <CopyButton value={item.nameservers.join("\n")} label="Copy all" className="mt-3" />
      )}
    </article>
  );
}
