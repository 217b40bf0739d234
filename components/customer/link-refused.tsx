// The page a customer sees when their link does not open the onboarding page. Shows no data.
export function LinkRefused({ title, message }: { title: string; message: string }) {
  return (
    <div className="grid min-h-screen place-items-center px-4 py-10">
      <div
        data-testid="link-refused"
        className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-6 text-center shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <span
          aria-hidden
          className="mx-auto grid size-12 place-items-center rounded-full bg-amber-100 text-amber-700 dark:bg-amber-950 dark:text-amber-300"
        >
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-6">
            <path
              fillRule="evenodd"
              clipRule="evenodd"
              d="M10 2a4 4 0 0 0-4 4v2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-1V6a4 4 0 0 0-4-4Zm2 6V6a2 2 0 1 0-4 0v2h4Z"
            />
          </svg>
        </span>
        <h1 className="mt-4 text-xl font-semibold text-zinc-900 dark:text-zinc-50">{title}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{message}</p>
      </div>
    </div>
  );
}
