// A state card's fields: label / value pairs; empty values show a dash, lists and JSON are readable.
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { cn } from "@/lib/cn";

export type Field = {
  label: string;
  value: React.ReactNode | string | number | boolean | null | undefined;
  mono?: boolean;
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function render(value: Field["value"]): React.ReactNode {
  if (value === null || value === undefined || value === "")
    return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string" && ISO.test(value)) {
    return <Time iso={value} />;
  }
  return value;
}

export function FieldList({ fields, className }: { fields: Field[]; className?: string }) {
  return (
    <dl className={cn("grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-2", className)}>
      {fields.map((f) => (
        <div key={f.label} className="min-w-0">
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{f.label}</dt>
          <dd className={cn("mt-0.5 break-words text-sm", f.mono && "font-mono text-xs")}>{render(f.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The older envelope's change_details (JSON), folded away under the fields. */
export function ChangeDetails({ value }: { value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details className="mt-4 text-sm">
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Change details</summary>
      <pre className="mt-2 max-h-64 overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

type Bookkeeping = {
  uid: string;
  workspaceId: string | null;
  teamId: string | null;
  teamName: string | null;
  firstSeenAt: string;
  lastOccurredAt: string;
  updatedAt: string;
};

/** The fields every entity's state card ends with: who it belongs to and when we heard of it. */
export function bookkeepingFields(e: Bookkeeping): Field[] {
  return [
    {
      label: "Workspace",
      value: e.workspaceId && (
        <Link
          className="text-sky-700 hover:underline dark:text-sky-400"
          href={`/workspaces/${encodeURIComponent(e.workspaceId)}`}
        >
          {e.teamName ? `${e.teamName} · ` : ""}
          {e.workspaceId}
        </Link>
      ),
    },
    { label: "Team", value: e.teamId ? `${e.teamName ?? ""} (${e.teamId})` : null },
    { label: "First seen", value: e.firstSeenAt },
    { label: "Last vendor time", value: e.lastOccurredAt },
    { label: "Last applied", value: e.updatedAt },
    { label: "UID", value: e.uid, mono: true },
  ];
}
