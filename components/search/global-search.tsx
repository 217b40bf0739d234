"use client";
// One search box over every operator page: `/` (outside a text field) or Ctrl/⌘-K opens it, or the
// header's Search button. It asks /api/search as you type (mailboxes, domains, workspaces, requests),
// arrows move through the hits, Enter opens one, Escape closes (a modal <dialog>: focus stays inside).
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useSearch } from "@/components/hooks/use-search";
import { SearchResults } from "./search-results";

/** Whether a key press belongs to something the operator is typing into. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function GlobalSearch() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  const [active, setActive] = useState(0);
  const router = useRouter();
  const { data, error, isLoading } = useSearch(debounced);
  const hits = data?.groups.flatMap((g) => g.hits) ?? [];
  const current = Math.min(active, Math.max(hits.length - 1, 0));

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 120);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const shortcut =
        (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) ||
        ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k");
      if (!shortcut || dialog.current?.open) return;
      event.preventDefault();
      dialog.current?.showModal();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const close = () => dialog.current?.close();
  const open = (href: string) => {
    close();
    router.push(href);
  };

  const onInputKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (hits.length) setActive((current + (event.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length);
    } else if (event.key === "Escape") {
      // A search field's own Escape only empties it; here Escape closes the box at once.
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && hits[current]) {
      event.preventDefault();
      open(hits[current].href);
    }
  };

  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        aria-keyshortcuts="/ Control+K Meta+K"
        className="flex items-center gap-2 rounded-md border border-zinc-300 px-2.5 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:border-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <span aria-hidden>⌕</span>
        Search
        <kbd className="hidden rounded border border-zinc-300 px-1 font-sans text-xs text-zinc-600 sm:inline dark:border-zinc-600 dark:text-zinc-400">
          /
        </kbd>
      </button>
      <dialog
        ref={dialog}
        aria-label="Search"
        onClose={() => {
          setQ("");
          setDebounced("");
          setActive(0);
        }}
        className="mx-auto mt-[10vh] w-[min(40rem,calc(100%-1.5rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <div className="flex items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-700">
          <span aria-hidden className="text-zinc-500 dark:text-zinc-400">
            ⌕
          </span>
          <input
            autoFocus
            type="search"
            role="combobox"
            aria-label="Search mailboxes, domains, workspaces and requests"
            aria-expanded={hits.length > 0}
            aria-controls="global-search-results"
            aria-autocomplete="list"
            aria-activedescendant={hits[current] ? `global-search-hit-${current}` : undefined}
            placeholder="Address, domain, uid, workspace or request"
            value={q}
            onChange={(event) => {
              setQ(event.target.value);
              setActive(0);
            }}
            onKeyDown={onInputKey}
            className="min-w-0 flex-1 bg-transparent py-3 text-base outline-none placeholder:text-zinc-500 dark:placeholder:text-zinc-400"
          />
          <button
            type="button"
            onClick={close}
            className="rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            Esc
          </button>
        </div>
        <SearchResults
          q={debounced.trim()}
          result={data}
          error={error?.message ?? null}
          loading={isLoading}
          active={current}
          onHover={setActive}
          onOpen={open}
        />
      </dialog>
    </>
  );
}
