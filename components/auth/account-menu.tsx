// Who is signed in, and the two ways out: this browser, or every browser of this operator. A
// <details> menu, so it works without JavaScript and takes little room on a phone.
import type { Operator } from "@/lib/auth/session";

const ITEM =
  "block w-full rounded-md px-3 py-1.5 text-left text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

export function AccountMenu({ operator }: { operator: Operator | null }) {
  const email = operator?.via === "session" ? operator.email : null;
  return (
    <details className="relative">
      <summary
        data-testid="account-menu"
        className="flex cursor-pointer list-none items-center gap-1.5 rounded-md px-2.5 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 [&::-webkit-details-marker]:hidden"
      >
        <span className="hidden max-w-[14rem] truncate sm:inline">{email ?? "Account"}</span>
        <span className="sm:hidden">Account</span>
        <span aria-hidden className="text-xs">
          ▾
        </span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
        {email && (
          <p className="px-3 py-1.5 text-xs text-zinc-500 dark:text-zinc-400">
            Signed in as <span className="font-medium break-all text-zinc-700 dark:text-zinc-300">{email}</span>
          </p>
        )}
        <form action="/api/auth/logout" method="post">
          <button type="submit" className={ITEM}>
            Sign out
          </button>
        </form>
        <form action="/api/auth/logout-all" method="post">
          <button type="submit" className={ITEM}>
            Sign out everywhere
          </button>
        </form>
      </div>
    </details>
  );
}
