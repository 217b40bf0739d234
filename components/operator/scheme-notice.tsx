// A persistent notice on every operator page while InboxKit deliveries are checked with the static
// `api-key-sha256` scheme: what that scheme cannot protect, and how to switch (issue 10 item 1c).
import type { InboxKitScheme } from "@/lib/webhooks/inboxkit/verify";

export function SchemeNotice({ scheme }: { scheme: InboxKitScheme | string }) {
  if (scheme !== "api-key-sha256") return null;
  return (
    <div
      role="note"
      data-testid="scheme-notice"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p className="mx-auto w-full max-w-7xl px-4 py-2 text-sm sm:px-6">
        <strong className="font-semibold">InboxKit signatures are static (api-key-sha256).</strong> The header is the
        same for every delivery and covers no body: anyone who captures one delivery&apos;s header can sign any body,
        such as a forged status, consent link or client ID. Consent links off the allowed hosts and malformed client IDs
        are held back from customers, but statuses cannot be checked. Switch to{" "}
        <code className="font-mono">INBOXKIT_SIGNATURE_SCHEME=hmac-sha256</code> (an HMAC of each body) once InboxKit
        signs that way; the Deliveries page says which scheme refused signatures match. Meanwhile,{" "}
        <code className="font-mono">INBOXKIT_ALLOWED_SOURCES</code> limits where deliveries may come from.
      </p>
    </div>
  );
}
