"use client";
// The banners that ask a customer to act (grant access, add a client ID), show progress, or explain
// a failure, on the customer page (operators see the same requests as compact rows: request-rows.tsx).
// A role="status" region announces banners that appear, change or disappear as data revalidates.
import { useEffect, useRef, useState } from "react";
import { announceChange, bannerTitle, CLIENT_ID_PATH, type PublicBanner } from "@/lib/banners";
import { cn } from "@/lib/cn";
import { CopyButton } from "./copy-button";
import { Breakable } from "@/components/ui/breakable";

type Props = {
  banners: PublicBanner[];
  empty?: React.ReactNode;
  className?: string;
  /** Whom the customer asks when something failed ("Dana Smith (dana@example.com)"); else "your account contact". */
  contact?: string | null;
};

export function OnboardingBanners({ banners, empty = null, className, contact = null }: Props) {
  const announcement = useAnnouncement(banners);
  return (
    <section aria-label="Actions needed" className={cn("space-y-4", className)}>
      <p role="status" aria-live="polite" className="sr-only" data-testid="banner-announcer">
        {announcement}
      </p>
      {banners.length === 0
        ? empty
        : banners.map((banner) => <BannerCard key={banner.key} banner={banner} contact={contact} />)}
    </section>
  );
}

/** The sentence describing the last change of the banner set (empty on first render). */
function useAnnouncement(banners: PublicBanner[]): string {
  const previous = useRef<PublicBanner[] | null>(null);
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (previous.current) {
      const change = announceChange(previous.current, banners);
      if (change) setMessage(change);
    }
    previous.current = banners;
  }, [banners]);
  return message;
}

const FRAME = {
  grant_access: "border-blue-200 bg-blue-50/70 dark:border-blue-900/60 dark:bg-blue-950/30",
  add_client_id: "border-violet-200 bg-violet-50/70 dark:border-violet-900/60 dark:bg-violet-950/30",
  failed: "border-red-200 bg-red-50/70 dark:border-red-900/60 dark:bg-red-950/30",
  in_progress: "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
} as const;

const EYEBROW = {
  grant_access: ["Action needed", "text-blue-700 dark:text-blue-300"],
  add_client_id: ["Action needed", "text-violet-700 dark:text-violet-300"],
  failed: ["Needs attention", "text-red-700 dark:text-red-300"],
  in_progress: ["In progress", "text-zinc-500 dark:text-zinc-400"],
} as const;

function BannerCard({ banner, contact }: { banner: PublicBanner; contact: string | null }) {
  const [eyebrow, eyebrowClass] = EYEBROW[banner.state];
  return (
    <article
      data-testid="onboarding-banner"
      data-banner-kind={banner.requestType}
      data-banner-state={banner.state}
      aria-labelledby={`${banner.key}-title`}
      className={cn("rounded-xl border p-4 shadow-xs sm:p-5", FRAME[banner.state])}
    >
      <div className="flex items-start gap-3">
        <BannerIcon state={banner.state} />
        <div className="min-w-0 flex-1 space-y-2">
          <p className={cn("text-xs font-semibold tracking-wide uppercase", eyebrowClass)}>{eyebrow}</p>
          <h3
            id={`${banner.key}-title`}
            className="text-base font-semibold text-balance text-zinc-900 dark:text-zinc-50"
          >
            {bannerTitle(banner)}
          </h3>
          <BannerBody banner={banner} contact={contact} />
        </div>
      </div>
    </article>
  );
}

function BannerBody({ banner, contact }: { banner: PublicBanner; contact: string | null }) {
  const text = "text-sm text-zinc-700 dark:text-zinc-300";
  switch (banner.state) {
    case "grant_access":
      return (
        <>
          <p className={text}>
            {banner.provider === "your email provider" ? "Your email provider" : banner.provider} needs your permission
            before{" "}
            {banner.mailbox ? (
              <strong className="font-medium">
                <Breakable text={banner.mailbox} />
              </strong>
            ) : (
              "your mailbox"
            )}{" "}
            can be set up. Sign in as an administrator and choose <em>Allow</em>.
          </p>
          {banner.consentUrl ? (
            <div className="flex flex-wrap items-center gap-2">
              <a
                href={banner.consentUrl}
                target="_blank"
                rel="noopener noreferrer"
                className="inline-flex items-center gap-2 rounded-lg bg-blue-600 px-4 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              >
                Grant access
                <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4">
                  <path d="M11 3a1 1 0 1 0 0 2h2.6l-6.3 6.3a1 1 0 1 0 1.4 1.4L15 6.4V9a1 1 0 1 0 2 0V4a1 1 0 0 0-1-1h-5Z" />
                  <path d="M5 5a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2v-3a1 1 0 1 0-2 0v3H5V7h3a1 1 0 0 0 0-2H5Z" />
                </svg>
                <span className="sr-only">(opens in a new tab)</span>
              </a>
              <CopyButton value={banner.consentUrl} label="Copy link" />
            </div>
          ) : (
            <p
              role="note"
              className="rounded-md bg-amber-100 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/60 dark:text-amber-200"
            >
              {banner.urlProblem}
            </p>
          )}
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            This message disappears by itself once access is confirmed.
          </p>
        </>
      );
    case "add_client_id":
      return (
        <>
          <p className={text}>
            Add this client ID for domain-wide delegation
            {banner.domainName ? (
              <>
                {" "}
                on <strong className="font-medium">{banner.domainName}</strong>
              </>
            ) : null}
            :
          </p>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              data-testid="client-id"
              className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-3 py-2 font-mono text-sm break-all text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
            >
              {banner.clientId}
            </code>
            <CopyButton value={banner.clientId} label="Copy client ID" />
          </div>
          {banner.scopes.length > 0 && (
            <div className="space-y-1">
              <p className={text}>And these OAuth scopes:</p>
              <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
                <code
                  data-testid="client-id-scopes"
                  className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-3 py-2 font-mono text-sm break-all text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
                >
                  {banner.scopes.join(",")}
                </code>
                <CopyButton value={banner.scopes.join(",")} label="Copy scopes" />
              </div>
            </div>
          )}
          <nav aria-label="Where to add it" className="text-xs text-zinc-600 dark:text-zinc-400">
            <ol className="flex flex-wrap items-center gap-1">
              {CLIENT_ID_PATH.map((step, i) => (
                <li key={step} className="flex items-center gap-1">
                  {i > 0 && <span aria-hidden>→</span>}
                  <span className="rounded bg-white/80 px-1.5 py-0.5 font-medium text-zinc-800 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-700">
                    {step}
                  </span>
                </li>
              ))}
            </ol>
          </nav>
          <ol className={cn("list-decimal space-y-1 pl-5", text)}>
            {banner.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      );
    case "failed":
      return (
        <>
          <p className={cn(text, "font-medium")}>
            “{banner.statusText}”
            {banner.attempts ? (
              <span className="font-normal text-zinc-500 dark:text-zinc-400"> ({banner.attempts})</span>
            ) : null}
          </p>
          <p className={text}>
            <span className="font-medium">What to do next: </span>
            {banner.nextStep}
          </p>
          {contact && (
            <p className={text} data-testid="failed-contact">
              <span className="font-medium">Whom to contact: </span>
              {contact}
            </p>
          )}
        </>
      );
    case "in_progress":
      return (
        <div className="flex items-center gap-3">
          <div className="h-1.5 w-32 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" aria-hidden>
            <div className="h-full w-2/3 animate-pulse rounded-full bg-zinc-500" />
          </div>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Nothing to do yet: we will show the next step here.
          </p>
        </div>
      );
  }
}

function BannerIcon({ state }: { state: PublicBanner["state"] }) {
  const tone = {
    grant_access: "bg-blue-600 text-white",
    add_client_id: "bg-violet-600 text-white",
    failed: "bg-red-600 text-white",
    in_progress: "bg-zinc-200 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  }[state];
  const path = {
    grant_access:
      "M10 2a4 4 0 0 0-4 4v2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-1V6a4 4 0 0 0-4-4Zm2 6V6a2 2 0 1 0-4 0v2h4Z",
    add_client_id:
      "M8 2a6 6 0 1 0 3.9 10.6l.1.1V14h2v2h2v2h2v-3.6l-4.6-4.6A6 6 0 0 0 8 2Zm-2 4.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Z",
    failed: "M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-1 4h2v6H9V6Zm0 7h2v2H9v-2Z",
    in_progress: "M10 2a8 8 0 1 0 8 8h-2a6 6 0 1 1-6-6V2Z",
  }[state];
  return (
    <span aria-hidden className={cn("mt-0.5 grid size-8 shrink-0 place-items-center rounded-full", tone)}>
      <svg viewBox="0 0 20 20" fill="currentColor" className={cn("size-4", state === "in_progress" && "animate-spin")}>
        <path fillRule="evenodd" clipRule="evenodd" d={path} />
      </svg>
    </span>
  );
}
