"use client";
// The hits of the global search, grouped by kind, as one listbox (the box's input owns it and points
// at the active hit with aria-activedescendant). Each hit is a link, so a click or a middle-click works.
import Link from "next/link";
import type { SearchResult } from "@/lib/queries/search";
import { StatusBadge } from "@/components/status/status-badge";

export function SearchResults({
  q,
  result,
  error,
  loading,
  active,
  onHover,
  onOpen,
}: {
  q: string;
  result: SearchResult | undefined;
  error: string | null;
  loading: boolean;
  active: number;
  onHover: (index: number) => void;
  onOpen: (href: string) => void;
}) {
  const groups = result?.groups.filter((g) => g.hits.length > 0) ?? [];
  const count = groups.reduce((n, g) => n + g.hits.length, 0);
  const note =
    q.length < 2
      ? "Type 2 or more characters: part of an address, a domain, a uid, a workspace or a request."
      : error
        ? `Search failed: ${error}`
        : loading && !result
          ? "Searching…"
          : count === 0
            ? `Nothing matches “${q}”.`
            : `${count} match${count === 1 ? "" : "es"}. Arrows to choose, Enter to open.`;
  // Each group's first hit's place in the flat list the arrows walk.
  const starts = groups.map((_, g) => groups.slice(0, g).reduce((n, x) => n + x.hits.length, 0));
  return (
    <div className="max-h-[60vh] overflow-y-auto">
      <p role="status" className="px-4 py-2 text-xs text-zinc-600 dark:text-zinc-400">
        {note}
      </p>
      <div id="global-search-results" role="listbox" aria-label="Search results" className="pb-2">
        {groups.map((group, g) => (
          <div key={group.kind} role="group" aria-labelledby={`global-search-group-${group.kind}`}>
            <div
              id={`global-search-group-${group.kind}`}
              className="px-4 pt-2 pb-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400"
            >
              {group.label}
            </div>
            {group.hits.map((hit, h) => {
              const i = starts[g] + h;
              const selected = i === active;
              return (
                <Link
                  key={`${hit.type}:${hit.href}`}
                  id={`global-search-hit-${i}`}
                  role="option"
                  aria-selected={selected}
                  tabIndex={-1}
                  href={hit.href}
                  onMouseMove={() => onHover(i)}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    onOpen(hit.href);
                  }}
                  className={
                    "flex items-center gap-3 px-4 py-2 text-sm " +
                    (selected ? "bg-sky-50 dark:bg-sky-950/50" : "hover:bg-zinc-50 dark:hover:bg-zinc-800/50")
                  }
                >
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{hit.title}</span>
                    {hit.detail && (
                      <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{hit.detail}</span>
                    )}
                  </span>
                  {hit.status && hit.type !== "workspace" && <StatusBadge type={hit.type} status={hit.status} />}
                </Link>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
