"use client";
// A persistent notice on every operator page while InboxKit deliveries are checked with the static
// `api-key-sha256` scheme: what that scheme cannot protect, and how to switch (issue 10 item 1c).
// On a wide screen it reads in full; on a phone it is one line with "Details" that unfolds the rest,
// so it no longer fills the first screen, and it never goes away while the scheme is static.
import { useId, useState } from "react";
import type { InboxKitScheme } from "@/lib/webhooks/inboxkit/verify";
import { cn } from "@/lib/cn";

export function SchemeNotice({ scheme }: { scheme: InboxKitScheme | string }) {
  const [open, setOpen] = useState(false);
  const details = useId();
  if (scheme !== "api-key-sha256") return null;
  return (
    <aside
      aria-label="Signature scheme"
      data-testid="scheme-notice"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <div className="mx-auto flex w-full max-w-7xl items-start gap-3 px-4 py-1.5 text-sm sm:px-6 sm:py-2">
        <p className="min-w-0 flex-1">
          <strong className="font-semibold">InboxKit signatures are static (api-key-sha256).</strong>
          <span className="sm:hidden"> Deliveries can be forged.</span>{" "}
          <span
            id={details}
            data-testid="scheme-notice-details"
            className={cn(open ? "mt-1 block" : "hidden", "sm:inline")}
          >
            Anyone who captures one delivery&apos;s header can sign any body: a forged status, consent link or client
            ID. Off-host consent links and malformed client IDs are held back from customers; statuses cannot be
            checked. Switch to <code className="font-mono break-all">INBOXKIT_SIGNATURE_SCHEME=hmac-sha256</code> once
            InboxKit signs each body; meanwhile <code className="font-mono break-all">INBOXKIT_ALLOWED_SOURCES</code>{" "}
            limits where deliveries come from.
          </span>
        </p>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={details}
          onClick={() => setOpen(!open)}
          className="shrink-0 rounded px-1 py-0.5 font-medium text-amber-900 underline underline-offset-2 sm:hidden dark:text-amber-200"
        >
          {open ? "Less" : "Details"}
        </button>
      </div>
    </aside>
  );
}
