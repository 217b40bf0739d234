// Table primitives with the house look; wide tables scroll horizontally inside their card.
import { cn } from "@/lib/cn";

export function Table({ className, children, ...rest }: React.TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className="-mx-4 overflow-x-auto sm:mx-0">
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
        "border-b border-zinc-200 px-3 py-2 text-xs font-medium text-zinc-500 first:pl-4 dark:border-zinc-800 dark:text-zinc-400",
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
      className={cn("border-b border-zinc-100 px-3 py-2.5 align-top first:pl-4 dark:border-zinc-800/70", className)}
      {...rest}
    >
      {children}
    </td>
  );
}
