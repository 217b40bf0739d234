"use client";
// The customer's onboarding page body: what we need from them (banners), then how far their
// domains and mailboxes have come. Data comes from /api/onboarding/<workspace>?token=… through SWR,
// starting from what the server rendered; the LiveProvider around it revalidates on every change
// notice for this workspace, so banners appear and disappear without a reload.
import useSWR from "swr";
import type { CustomerContact, CustomerItem, CustomerOnboarding } from "@/lib/queries/onboarding";
import { OnboardingBanners } from "@/components/banners/onboarding-banners";
import { LiveIndicator } from "@/components/live/live-indicator";
import { LinkRefused } from "./link-refused";
import { CustomerStatusBadge } from "./customer-status-badge";
import { Time, When } from "@/components/ui/time";
import { NameserversCard } from "./nameservers-card";
import { Breakable } from "@/components/ui/breakable";

class LinkError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function fetchOnboarding(url: string): Promise<CustomerOnboarding> {
  const response = await fetch(url, { cache: "no-store" });
  const body = await response.json().catch(() => null);
  if (!response.ok)
    throw new LinkError(body?.error?.message ?? "Could not load your onboarding status.", response.status);
  return body as CustomerOnboarding;
}

type Props = { apiUrl: string; initial: CustomerOnboarding; expiresAt: string };

export function CustomerOnboardingView({ apiUrl, initial, expiresAt }: Props) {
  const { data = initial, error } = useSWR<CustomerOnboarding, LinkError>(apiUrl, fetchOnboarding, {
    fallbackData: initial,
  });
  // The link expired (or was revoked) while the page was open: stop showing the data.
  if (error && (error.status === 401 || error.status === 403))
    return <LinkRefused title="This link has expired" message={error.message} />;
  const nameserverActions = data.domains.filter(
    (d): d is CustomerItem & { nameservers: string[] } => !!d.nameservers?.length,
  );

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6 sm:gap-8 sm:px-6 sm:py-10">
      <Header data={data} extraSteps={nameserverActions.length} />
      {error && (
        <p
          role="alert"
          className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
        >
          We could not refresh this page just now; it will try again by itself.
        </p>
      )}
      <section aria-labelledby="needed-heading" className="space-y-3">
        <h2 id="needed-heading" className="text-sm font-semibold text-zinc-500 dark:text-zinc-400">
          What we need from you
        </h2>
        {nameserverActions.map((item) => (
          <NameserversCard key={item.key} item={item} />
        ))}
        <OnboardingBanners
          banners={data.banners}
          contact={data.contact ? contactWords(data.contact) : null}
          empty={
            nameserverActions.length > 0 ? null : (
              <div
                data-testid="no-banners"
                className="flex items-center gap-3 rounded-xl border border-dashed border-zinc-300 px-4 py-4 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
              >
                <span
                  aria-hidden
                  className="grid size-8 shrink-0 place-items-center rounded-full bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300"
                >
                  ✓
                </span>
                Nothing right now. If we need you to grant access or add a setting, it will appear here straight away.
              </div>
            )
          }
        />
      </section>
      <ItemList
        title="Domains"
        items={data.domains}
        more={data.more.domains}
        empty="No domains yet. They appear here as soon as they are ordered."
      />
      <ItemList
        title="Mailboxes"
        items={data.mailboxes}
        more={data.more.mailboxes}
        empty="No mailboxes yet. They appear here as soon as setup starts."
      />
      {data.contact && <ContactLine contact={data.contact} />}
      <footer className="border-t border-zinc-200 pt-4 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        <p>
          {data.lastUpdate ? <When iso={data.lastUpdate} prefix="Last change " /> : "No changes yet"} · This private
          link works until <Time iso={expiresAt} />. Please do not share it.
        </p>
      </footer>
    </div>
  );
}

/** "Dana Smith (dana@example.com)", or whichever of the two is set. */
const contactWords = (c: CustomerContact) => (c.name && c.email ? `${c.name} (${c.email})` : (c.name ?? c.email ?? ""));

function ContactLine({ contact }: { contact: CustomerContact }) {
  return (
    <p
      data-testid="customer-contact"
      className="rounded-xl border border-zinc-200 bg-white px-4 py-3 text-sm text-zinc-700 shadow-xs dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
    >
      Questions? Contact{" "}
      {contact.name && <span className="font-medium text-zinc-900 dark:text-zinc-100">{contact.name}</span>}
      {contact.name && contact.email && " "}
      {contact.email && (
        <a
          href={`mailto:${contact.email}`}
          className="font-medium break-all text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
        >
          {contact.email}
        </a>
      )}
      .
    </p>
  );
}

/** `extraSteps`: customer actions shown besides the banners (nameservers to set). */
function Header({ data, extraSteps }: { data: CustomerOnboarding; extraSteps: number }) {
  const total = data.totals.domains + data.totals.mailboxes;
  const ready = data.totals.active;
  const percent = total ? Math.round((ready / total) * 100) : 0;
  const needs =
    data.banners.filter((b) => b.state === "grant_access" || b.state === "add_client_id").length + extraSteps;
  const problems = data.banners.filter((b) => b.state === "failed").length + data.totals.byTone.problem;
  return (
    <header className="space-y-5">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm font-medium text-blue-600 dark:text-blue-400">Email setup</p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl dark:text-zinc-50">
            Your onboarding progress
          </h1>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            {total === 0 && data.banners.length === 0
              ? "Nothing has started yet. This page fills in by itself as soon as setup begins."
              : needs > 0
                ? `${needs === 1 ? "One step needs" : `${needs} steps need`} you: see below. Everything else happens by itself.`
                : problems > 0
                  ? "Something did not go as planned: see below for what happens next. This page updates by itself."
                  : "Everything is in hand. This page updates by itself as setup moves along."}
          </p>
        </div>
        <LiveIndicator className="bg-white dark:bg-zinc-900" />
      </div>
      {total > 0 && (
        <div className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex items-baseline justify-between gap-2 text-sm">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">
              {ready} of {total} ready
            </span>
            <span className="text-zinc-500 dark:text-zinc-400">
              {data.totals.domains} {data.totals.domains === 1 ? "domain" : "domains"} · {data.totals.mailboxes}{" "}
              {data.totals.mailboxes === 1 ? "mailbox" : "mailboxes"}
            </span>
          </div>
          <div
            role="progressbar"
            aria-label="Items ready"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={ready}
            className="mt-3 h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
          >
            <div
              className="h-full rounded-full bg-emerald-500 transition-[width] duration-500"
              style={{ width: `${percent}%` }}
            />
          </div>
        </div>
      )}
    </header>
  );
}

function ItemList({
  title,
  items,
  more,
  empty,
}: {
  title: string;
  items: CustomerItem[];
  more: number;
  empty: string;
}) {
  return (
    <section aria-labelledby={`${title}-heading`} className="space-y-3">
      <h2 id={`${title}-heading`} className="text-sm font-semibold text-zinc-500 dark:text-zinc-400">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 px-4 py-4 text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          {empty}
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {items.map((item) => (
            <li
              key={item.key}
              data-testid={`${title.toLowerCase()}-item`}
              className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4"
            >
              <div className="min-w-0">
                <p className="font-medium text-zinc-900 dark:text-zinc-100">
                  <Breakable text={item.name} />
                </p>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  {item.detail ? `${item.detail} · ` : ""}
                  <When iso={item.since} prefix="updated " />
                </p>
                {item.status.detail && item.status.tone !== "done" && (
                  <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{item.status.detail}</p>
                )}
              </div>
              <CustomerStatusBadge status={item.status} className="self-start sm:self-center" />
            </li>
          ))}
          {more > 0 && <li className="px-4 py-3 text-xs text-zinc-500 dark:text-zinc-400">and {more} more</li>}
        </ul>
      )}
    </section>
  );
}
