// What every operator list shows around its table: status chips with counts, a filter form (GET:
// the URL holds the state, so a list can be bookmarked and shared), and pagination.
import Link from "next/link";
import type { EntityType } from "@/lib/ordering";
import type { Page } from "@/lib/queries/list";
import { statusLook } from "@/components/status/vendor-status";
import { cn } from "@/lib/cn";
import { PAGE_SIZES } from "@/lib/page-sizes";
import { platformName } from "@/lib/customer-status";

export type ListState = Record<string, string>;

/** The list's path with the current state changed; a changed filter goes back to page 1. */
export function hrefWith(path: string, state: ListState, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(state);
  if (!("page" in changes)) next.delete("page");
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") next.delete(key);
    else next.set(key, value);
  }
  const qs = next.toString();
  return qs ? `${path}?${qs}` : path;
}

/** "?a=b" for the API key (the same state the page URL carries). */
export const queryString = (state: ListState): string => {
  const qs = new URLSearchParams(state).toString();
  return qs ? `?${qs}` : "";
};

/** Sorting links: the same column flips the direction; a new column starts with its default. */
export function sortingFor(path: string, state: ListState, page: Pick<Page<unknown>, "sort" | "dir">) {
  return {
    sort: page.sort,
    dir: page.dir,
    href: (column: string) =>
      hrefWith(path, state, { sort: column, dir: page.sort === column ? (page.dir === "asc" ? "desc" : "asc") : null }),
  };
}

/** Whether any filter is set (search, workspace, platform, status, needs attention). */
export const isFiltered = (state: ListState): boolean =>
  !!(state.q || state.workspace || state.platform || state.status || state.attention);

/** A filter chip; the active one is filled. */
export const chip = (active: boolean) =>
  cn(
    "inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs font-medium transition-colors",
    active
      ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
      : "border-zinc-200 bg-white text-zinc-700 hover:border-zinc-400 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300",
  );

/**
 * The chips above a list: "Needs attention" (only rows with an open item of the attention queue)
 * and one per status with its count. Links, so the URL holds the filters.
 */
export function FilterChips({
  type,
  path,
  state,
  counts,
}: {
  type: EntityType;
  path: string;
  state: ListState;
  counts: Record<string, number>;
}) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const attention = state.attention === "open";
  return (
    <div className="mb-3 flex flex-wrap items-center gap-1.5">
      <Link
        href={hrefWith(path, state, { attention: attention ? null : "open" })}
        className={chip(attention)}
        aria-current={attention ? "true" : undefined}
        title="Only those with an open item in the attention queue (not acknowledged or snoozed)"
      >
        <span aria-hidden className="size-1.5 rounded-full bg-amber-500" />
        Needs attention
      </Link>
      <span aria-hidden className="mx-1 h-5 w-px bg-zinc-200 dark:bg-zinc-800" />
      <nav aria-label="Filter by status" className="flex flex-wrap gap-1.5">
        <Link
          href={hrefWith(path, state, { status: null })}
          className={chip(!state.status)}
          aria-current={!state.status ? "true" : undefined}
        >
          All <span className="tabular-nums">{total}</span>
        </Link>
        {entries.map(([status, count]) => (
          <Link
            key={status}
            href={hrefWith(path, state, { status })}
            className={chip(state.status === status)}
            aria-current={state.status === status ? "true" : undefined}
            title={status}
          >
            {statusLook(type, status).label} <span className="tabular-nums">{count}</span>
          </Link>
        ))}
      </nav>
    </div>
  );
}

const input =
  "h-9 rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm outline-none focus:border-zinc-500 focus:ring-2 focus:ring-zinc-900/10 dark:border-zinc-700 dark:bg-zinc-900";

export function FilterForm({
  path,
  state,
  placeholder,
  platforms,
  exportPath,
}: {
  path: string;
  state: ListState;
  placeholder: string;
  platforms?: string[];
  exportPath?: string;
}) {
  const keep = Object.entries(state).filter(([k]) => !["q", "workspace", "platform", "page"].includes(k));
  return (
    <form action={path} method="get" className="mb-4 flex flex-wrap items-center gap-2" role="search">
      {keep.map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <label className="sr-only" htmlFor="filter-q">
        Search
      </label>
      <input
        id="filter-q"
        name="q"
        type="search"
        defaultValue={state.q ?? ""}
        placeholder={placeholder}
        className={cn(input, "w-72 grow sm:grow-0")}
      />
      <label className="sr-only" htmlFor="filter-workspace">
        Workspace
      </label>
      <input
        id="filter-workspace"
        name="workspace"
        defaultValue={state.workspace ?? ""}
        placeholder="Workspace id"
        className={cn(input, "w-44")}
      />
      {platforms && (
        <>
          <label className="sr-only" htmlFor="filter-platform">
            Platform
          </label>
          <select id="filter-platform" name="platform" defaultValue={state.platform ?? ""} className={input}>
            <option value="">All platforms</option>
            {platforms.map((p) => (
              <option key={p} value={p}>
                {platformName(p)}
              </option>
            ))}
          </select>
        </>
      )}
      <button
        type="submit"
        className="h-9 rounded-lg bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Apply
      </button>
      {isFiltered(state) && (
        <Link href={path} className="text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          Clear filters
        </Link>
      )}
      {exportPath && (
        <a
          href={hrefWith(exportPath, state, { page: null, pageSize: null })}
          download
          className="ml-auto h-9 rounded-lg border border-zinc-300 bg-white px-3 text-sm font-medium leading-9 text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Export CSV
        </a>
      )}
    </form>
  );
}

export function Pagination({ path, state, page }: { path: string; state: ListState; page: Page<unknown> }) {
  const from = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const to = Math.min(page.total, page.page * page.pageSize);
  const button = (enabled: boolean) =>
    cn(
      "rounded-lg border px-3 py-1.5 text-sm",
      enabled
        ? "border-zinc-300 bg-white hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        : "pointer-events-none border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400",
    );
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-100 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      <span data-testid="list-range" className="tabular-nums">
        {from}–{to} of {page.total.toLocaleString("en-US")}
      </span>
      <PageSizes path={path} state={state} current={page.pageSize} />
      <div className="flex items-center gap-2">
        <Link
          aria-disabled={page.page <= 1}
          href={hrefWith(path, state, { page: String(page.page - 1) })}
          className={button(page.page > 1)}
        >
          Previous
        </Link>
        <span className="tabular-nums">
          Page {page.page} of {page.pages}
        </span>
        <Link
          aria-disabled={page.page >= page.pages}
          href={hrefWith(path, state, { page: String(page.page + 1) })}
          className={button(page.page < page.pages)}
        >
          Next
        </Link>
      </div>
    </div>
  );
}

/** Rows per page: links, so the choice lives in the URL like every other list setting. */
function PageSizes({ path, state, current }: { path: string; state: ListState; current: number }) {
  return (
    <nav aria-label="Rows per page" className="flex items-center gap-1 text-xs">
      <span aria-hidden>Rows:</span>
      {PAGE_SIZES.map((size) => (
        <Link
          key={size}
          href={hrefWith(path, state, { pageSize: String(size), page: null })}
          aria-current={size === current ? "true" : undefined}
          aria-label={`${size} rows per page`}
          className={cn(
            "rounded px-1.5 py-0.5 tabular-nums",
            size === current
              ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
              : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
          )}
        >
          {size}
        </Link>
      ))}
    </nav>
  );
}
