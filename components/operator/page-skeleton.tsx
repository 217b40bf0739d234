// The loading state of operator pages: the page's shape in grey, so nothing jumps when data lands.
import { Skeleton } from "@/components/ui/card";

export function PageSkeleton({ variant = "list" }: { variant?: "list" | "detail" }) {
  return (
    <div aria-busy="true" aria-label="Loading">
      <Skeleton className="mb-2 h-7 w-56" />
      <Skeleton className="mb-6 h-4 w-96 max-w-full" />
      {variant === "list" ? (
        <div className="space-y-2 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[5fr_7fr]">
          <Skeleton className="h-96 w-full rounded-xl" />
          <Skeleton className="h-96 w-full rounded-xl" />
        </div>
      )}
    </div>
  );
}
