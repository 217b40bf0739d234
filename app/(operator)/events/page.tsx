import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/session";
import { eventsQuery, recentEvents } from "@/lib/queries/events";
import { parseQuery } from "@/lib/queries/params";
import { searchRecord } from "@/lib/queries/list";
import { EventsView } from "@/components/operator/events-view";
import { pathWith, type SearchParams } from "@/lib/server/page-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Events" };

/** The event log: every accepted event of both vendors, filtered by the URL's parameters (the API's own, and `open`). */
export default async function EventsPage({ searchParams }: { searchParams: SearchParams }) {
  const all = Object.fromEntries(Object.entries(searchRecord(await searchParams)).filter(([, v]) => v !== ""));
  await requireOperatorPage(pathWith("/events", all));
  // `open=<id>` opens that event's panel (links from the overview's recent events); the rest are the API's filters.
  const { open, ...state } = all;
  const opened = open && /^\d{1,15}$/.test(open) ? Number(open) : null;
  const parsed = parseQuery(eventsQuery, new URLSearchParams(state));
  // A bad parameter is shown, never silently dropped: the list stays empty until it is fixed.
  const initial = parsed.ok ? await recentEvents(parsed.data) : { rows: [], nextBefore: null };
  return (
    <EventsView state={state} initial={initial} problem={parsed.ok ? null : parsed.message} initialOpen={opened} />
  );
}
