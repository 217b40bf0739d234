// The operator shell: brand, navigation, live indicator and the account menu (who is signed in,
// sign out, sign out everywhere) around every operator page.
// Each page checks the session itself (requireOperatorPage); this layout checks it too, before anything
// streams, so a visitor without a session gets a real 307 to /login. It draws the frame (skip link,
// brand, main navigation, then live indicator and account menu) and opens the one change stream per tab
// that keeps every SWR hook below it fresh.
import Link from "next/link";
import { LiveProvider } from "@/components/live/live-provider";
import { LiveIndicator } from "@/components/live/live-indicator";
import { OperatorNav } from "@/components/operator/operator-nav";
import { AccountMenu } from "@/components/auth/account-menu";
import { SchemeNotice } from "@/components/operator/scheme-notice";
import { configuredInboxKitScheme } from "@/lib/config";
import { SkipLink } from "@/components/ui/skip-link";
import { GlobalSearch } from "@/components/search/global-search";
import { requireOperatorForRequest } from "@/lib/server/page-gate";

export default async function OperatorLayout({ children }: { children: React.ReactNode }) {
  const operator = await requireOperatorForRequest();
  return (
    <LiveProvider streamUrl="/api/stream">
      <SkipLink />
      <div className="flex min-h-screen flex-col">
        <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/85 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/85">
          <div className="mx-auto flex w-full max-w-7xl flex-wrap items-center gap-x-4 px-4 pt-3 sm:px-6">
            <Link href="/" className="flex items-center gap-2 text-sm font-semibold tracking-tight">
              <span
                aria-hidden
                className="grid size-7 place-items-center rounded-md bg-zinc-900 text-xs font-bold text-white dark:bg-zinc-100 dark:text-zinc-900"
              >
                OB
              </span>
              Onboarding
            </Link>
            {/* Source order: brand, main navigation, then status and the account menu (the nav drops to its own line). */}
            <div className="order-last w-full">
              <OperatorNav />
            </div>
            <div className="ml-auto flex items-center gap-3">
              <GlobalSearch />
              <LiveIndicator />
              <AccountMenu operator={operator} />
            </div>
          </div>
        </header>
        <SchemeNotice scheme={configuredInboxKitScheme()} />
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none sm:px-6 sm:py-8"
        >
          {children}
        </main>
      </div>
    </LiveProvider>
  );
}
