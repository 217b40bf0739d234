// Shown above live data when a refresh failed; the page keeps the last data and retries by itself.
export function RefreshError({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p
      role="alert"
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
    >
      Could not refresh just now ({error.message}); showing the last data, retrying by itself.
    </p>
  );
}
