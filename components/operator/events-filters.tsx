// The event log's filters as a GET form: the URL holds them (bookmark, share, reload), with the
// API's parameter names, so a page URL and an /api/events URL read the same.
import Link from "next/link";
import { cn } from "@/lib/cn";
import type { ListState } from "./list-controls";

const field =
  "h-9 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm outline-none focus:border-zinc-500 focus:ring-2 focus:ring-zinc-900/10 dark:border-zinc-700 dark:bg-zinc-900";
const label = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400";

const ENTITY_TYPES = [
  ["domain", "Domain"],
  ["mailbox", "Mailbox"],
  ["consent_request", "Consent request"],
  ["client_id_request", "Client-ID request"],
  ["mail_message", "Inkbox mail"],
] as const;

function Text({
  name,
  title,
  state,
  placeholder,
}: {
  name: string;
  title: string;
  state: ListState;
  placeholder?: string;
}) {
  return (
    <div>
      <label className={label} htmlFor={`ev-${name}`}>
        {title}
      </label>
      <input
        id={`ev-${name}`}
        name={name}
        defaultValue={state[name] ?? ""}
        placeholder={placeholder}
        className={field}
      />
    </div>
  );
}

function Choice({
  name,
  title,
  state,
  options,
}: {
  name: string;
  title: string;
  state: ListState;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <div>
      <label className={label} htmlFor={`ev-${name}`}>
        {title}
      </label>
      <select id={`ev-${name}`} name={name} defaultValue={state[name] ?? ""} className={field}>
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A date input for a range end; a full date-time from the URL is kept as it was until changed. */
function Day({ name, title, state }: { name: string; title: string; state: ListState }) {
  const value = state[name] ?? "";
  return (
    <div>
      <label className={label} htmlFor={`ev-${name}`}>
        {title}
      </label>
      {value && !/^\d{4}-\d{2}-\d{2}$/.test(value) ? (
        <input id={`ev-${name}`} name={name} defaultValue={value} className={field} />
      ) : (
        <input id={`ev-${name}`} name={name} type="date" defaultValue={value} className={field} />
      )}
    </div>
  );
}

export function EventFilters({ state, exportHref }: { state: ListState; exportHref: string }) {
  const active = Object.keys(state).some((k) => k !== "limit");
  return (
    <form
      action="/events"
      method="get"
      role="search"
      className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      {state.limit && <input type="hidden" name="limit" value={state.limit} />}
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 grow">
          <label className={label} htmlFor="ev-q">
            Search payloads
          </label>
          <input
            id="ev-q"
            name="q"
            type="search"
            defaultValue={state.q ?? ""}
            placeholder="Any word in the payload, e.g. a name, address or reason"
            className={field}
          />
        </div>
        <button
          type="submit"
          className="h-9 rounded-lg bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Apply
        </button>
        {active && (
          <Link href="/events" className="h-9 px-2 text-sm leading-9 text-zinc-600 hover:underline dark:text-zinc-400">
            Clear
          </Link>
        )}
        <a
          href={exportHref}
          download
          className="h-9 rounded-lg border border-zinc-300 bg-white px-3 text-sm font-medium leading-9 text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Export CSV
        </a>
      </div>
      <details className="mt-3" open={Object.keys(state).some((k) => !["q", "limit"].includes(k))}>
        <summary className="cursor-pointer text-sm font-medium text-zinc-700 dark:text-zinc-300">More filters</summary>
        <div className={cn("mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4")}>
          <Choice
            name="vendor"
            title="Vendor"
            state={state}
            options={[
              ["inboxkit", "InboxKit"],
              ["inkbox", "Inkbox"],
            ]}
          />
          <Text name="eventType" title="Event type" state={state} placeholder="mailbox.status_changed" />
          <Choice name="entityType" title="Entity type" state={state} options={ENTITY_TYPES} />
          <Text name="entity" title="Entity (uid, e-mail or domain)" state={state} placeholder="part of it is enough" />
          <Text name="workspace" title="Workspace" state={state} placeholder="ws-…" />
          <Text name="status" title="Status" state={state} placeholder="active or pending,failed" />
          <Choice
            name="outcome"
            title="Outcome"
            state={state}
            options={[
              ["applied", "Applied"],
              ["stale", "Stale"],
              ["ignored", "Ignored"],
            ]}
          />
          <div className="flex items-end">
            <label className="flex h-9 items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="duplicates"
                value="true"
                defaultChecked={state.duplicates === "true"}
                className="size-4"
              />
              Duplicates only
            </label>
          </div>
          <Day name="occurredFrom" title="Vendor time from" state={state} />
          <Day name="occurredTo" title="Vendor time to" state={state} />
          <Day name="receivedFrom" title="Received from" state={state} />
          <Day name="receivedTo" title="Received to" state={state} />
        </div>
      </details>
    </form>
  );
}
