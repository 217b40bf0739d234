"use client";
// Copies a value to the clipboard; says "Copied" for a moment (the label change is announced). The
// value may be fetched on click (e.g. a freshly minted customer link); when the clipboard refuses,
// the value is shown selected so it can be copied by hand.
import { useEffect, useState } from "react";
import { cn } from "@/lib/cn";

/** The small variant for dense rows (the attention queue, request rows). */
export const compactCopy = "px-2 py-0.5 text-xs [&_svg]:size-3.5";

export function CopyButton({
  value,
  label = "Copy",
  className,
}: {
  value: string | (() => Promise<string | null>);
  label?: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "busy" | "copied" | "failed">("idle");
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (state === "idle" || state === "busy") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    setState("busy");
    const text = typeof value === "string" ? value : await value().catch(() => null);
    if (text === null) return setState("failed");
    try {
      await navigator.clipboard.writeText(text);
      setShown(null);
      setState("copied");
    } catch {
      setShown(typeof value === "string" ? null : text);
      setState("failed");
    }
  };

  return (
    <>
      <button
        type="button"
        onClick={copy}
        disabled={state === "busy"}
        className={cn(
          "inline-flex shrink-0 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 shadow-xs transition hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
          className,
        )}
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4 opacity-70">
          {state === "copied" ? (
            <path
              fillRule="evenodd"
              d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z"
              clipRule="evenodd"
            />
          ) : (
            <path d="M7 3a2 2 0 0 0-2 2v1H4a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-1h1a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2H7Zm6 11v1H4V8h1v4a2 2 0 0 0 2 2h6Zm1-2H7V5h7v7Z" />
          )}
        </svg>
        <span aria-live="polite">
          {state === "copied" ? "Copied" : state === "failed" ? (shown ? "Copy it below" : "Select and copy") : label}
        </span>
      </button>
      {shown && (
        <input
          readOnly
          value={shown}
          aria-label={label}
          onFocus={(e) => e.currentTarget.select()}
          autoFocus
          className="w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
        />
      )}
    </>
  );
}
