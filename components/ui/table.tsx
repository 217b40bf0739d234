// Table primitives with the house look: one line per row. From `xl` up (a desktop window) the table
// fits its card and the header row sticks under the page header while the page scrolls: one `grow`
// cell per row (a name or an address, its content `block truncate`) takes the width the other
// columns leave and is cut to it. Below `xl` a wide table scrolls sideways inside its card (a
// scrolling box cannot also keep a sticky header, so the header scrolls with the page there).
import { cn } from "@/lib/cn";

export function Table({ className, children, ...rest }: React.TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0 xl:overflow-x-visible">
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
        "whitespace-nowrap border-b border-zinc-200 bg-white px-3 py-2 text-xs font-medium text-zinc-600 first:pl-4 xl:sticky xl:top-(--operator-header-height) xl:z-10 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400",
        className,
      )}
      {...rest}
    >
      {children}
    </th>
  );
}

export function Td({
  className,
  children,
  grow,
  ...rest
}: React.TdHTMLAttributes<HTMLTableCellElement> & { grow?: boolean }) {
  return (
    <td
      className={cn(
        "whitespace-nowrap border-b border-zinc-100 px-3 py-1 align-middle first:pl-4 dark:border-zinc-800/70",
        grow && "xl:w-full xl:max-w-0",
        className,
      )}
      {...rest}
    >
      {children}
    </td>
  );
}
