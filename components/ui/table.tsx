// Table primitives with the house look: one line per row, the header row sticks under the page
// header while the page scrolls (from `sm` up; on a phone a wide table scrolls sideways in its card).
import { cn } from "@/lib/cn";

export function Table({ className, children, ...rest }: React.TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0 sm:overflow-x-visible">
      <table
        className={cn("w-full min-w-[640px] border-separate border-spacing-0 text-left text-sm", className)}
        {...rest}
      >
        {children}
      </table>
    </div>
  );
}

export function Th({ className, children, ...rest }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn(
        "whitespace-nowrap border-b border-zinc-200 bg-white px-3 py-2 text-xs font-medium text-zinc-600 first:pl-4 sm:sticky sm:top-(--operator-header-height) sm:z-10 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400",
        className,
      )}
      {...rest}
    >
      {children}
    </th>
  );
}

export function Td({ className, children, ...rest }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td
      className={cn(
        "whitespace-nowrap border-b border-zinc-100 px-3 py-1 align-middle first:pl-4 dark:border-zinc-800/70",
        className,
      )}
      {...rest}
    >
      {children}
    </td>
  );
}
