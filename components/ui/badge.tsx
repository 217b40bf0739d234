// Badges from variants (cva): the text carries the meaning, the colour supports it.
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/lib/cn";

export const badgeVariants = cva(
  "inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
  {
    variants: {
      variant: {
        success:
          "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950/50 dark:text-emerald-300 dark:ring-emerald-400/25",
        progress: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-950/50 dark:text-sky-300 dark:ring-sky-400/25",
        action:
          "bg-violet-50 text-violet-800 ring-violet-600/20 dark:bg-violet-950/50 dark:text-violet-300 dark:ring-violet-400/25",
        warning:
          "bg-amber-50 text-amber-900 ring-amber-600/25 dark:bg-amber-950/50 dark:text-amber-300 dark:ring-amber-400/25",
        danger: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-400/25",
        muted: "bg-zinc-100 text-zinc-600 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-400 dark:ring-zinc-400/20",
        neutral: "bg-white text-zinc-700 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-700",
      },
    },
    defaultVariants: { variant: "neutral" },
  },
);

export type BadgeVariant = NonNullable<VariantProps<typeof badgeVariants>["variant"]>;

const DOT: Record<BadgeVariant, string> = {
  success: "bg-emerald-500",
  progress: "bg-sky-500",
  action: "bg-violet-500",
  warning: "bg-amber-500",
  danger: "bg-red-500",
  muted: "bg-zinc-400",
  neutral: "bg-zinc-400",
};

type Props = React.HTMLAttributes<HTMLSpanElement> & { variant?: BadgeVariant; dot?: boolean };

export function Badge({ variant = "neutral", dot = false, className, children, ...rest }: Props) {
  return (
    <span className={cn(badgeVariants({ variant }), className)} data-variant={variant} {...rest}>
      {dot && <span aria-hidden className={cn("size-1.5 rounded-full", DOT[variant])} />}
      {children}
    </span>
  );
}
