// A sortable column header: a link that sorts by the column (the URL holds the order), with
// aria-sort on the current one.
import Link from "next/link";
import { Th } from "@/components/ui/table";

/** Sorting: the current column and direction, and the link that sorts by a column. */
export type Sorting = { sort: string; dir: "asc" | "desc"; href: (column: string) => string };

export function SortTh({
  column,
  label,
  sorting,
  title,
}: {
  column: string;
  label: string;
  sorting?: Sorting;
  title?: string;
}) {
  if (!sorting) return <Th title={title}>{label}</Th>;
  const active = sorting.sort === column;
  return (
    <Th aria-sort={active ? (sorting.dir === "asc" ? "ascending" : "descending") : undefined} title={title}>
      <Link
        href={sorting.href(column)}
        className="inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100"
      >
        {label}
        <span aria-hidden className={active ? "text-zinc-900 dark:text-zinc-100" : "text-zinc-500 dark:text-zinc-400"}>
          {active && sorting.dir === "asc" ? "▲" : "▼"}
        </span>
      </Link>
    </Th>
  );
}
