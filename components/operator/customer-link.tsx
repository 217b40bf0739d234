// "Copy customer link": a signed, expiring link to the workspace's onboarding page (no login).
import { CopyButton } from "@/components/banners/copy-button";
import type { CustomerLinkInfo } from "@/lib/server/customer-link";
import { Time } from "@/components/ui/time";

export function CustomerLinkControl({ link }: { link: CustomerLinkInfo }) {
  if ("error" in link) return <span className="text-xs text-amber-700 dark:text-amber-400">{link.error}</span>;
  return (
    <div className="flex items-center gap-2" data-testid="customer-link">
      <span className="hidden text-xs text-zinc-500 md:inline dark:text-zinc-400">
        valid until <Time iso={link.expiresAt} />
      </span>
      <CopyButton value={link.url} label="Copy customer link" />
    </div>
  );
}
