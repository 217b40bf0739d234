"use client";
// The operator's main navigation; the current section is marked for screen readers too.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

export const SECTIONS = [
  { href: "/", label: "Overview" },
  { href: "/domains", label: "Domains" },
  { href: "/mailboxes", label: "Mailboxes" },
  { href: "/requests", label: "Requests" },
  { href: "/events", label: "Events" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/notifications", label: "Notifications" },
  { href: "/audit", label: "Audit" },
  { href: "/settings", label: "Settings" },
] as const;

const isCurrent = (pathname: string, href: string) =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);

export function OperatorNav() {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main" className="-mb-px flex gap-1 overflow-x-auto">
      {SECTIONS.map(({ href, label }) => {
        const current = isCurrent(pathname, href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium transition-colors",
              current
                ? "border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-50"
                : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:border-zinc-700 dark:hover:text-zinc-200",
            )}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
