import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found", robots: { index: false, follow: false } };

/** 404 for any unknown address (our own page: Next.js's built-in one carries an inline style the CSP refuses). */
export default function NotFound() {
  return (
    <main className="grid min-h-screen place-items-center px-4 py-12">
      <div className="max-w-sm text-center">
        <p className="text-sm font-medium text-zinc-500 dark:text-zinc-400">404</p>
        <h1 className="mt-1 text-lg font-semibold tracking-tight">This page does not exist</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          The address may be mistyped, or the page has moved.
        </p>
        <Link
          href="/"
          className="mt-6 inline-flex rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Go to the dashboard
        </Link>
      </div>
    </main>
  );
}
