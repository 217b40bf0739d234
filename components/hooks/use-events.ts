"use client";
// The event log endpoints: the filtered list (its key carries the page's query string) and one event.
import useSWR from "swr";
import type { EventDetail, EventRow } from "@/lib/queries/events";
import { API_SWR, fetchApi, useApi, type ApiError } from "./api";

export type EventsPage = { rows: EventRow[]; nextBefore: number | null };

/** GET /api/events?… (nothing while the page's filters are invalid). */
export const useEvents = (query: string | null, initial: EventsPage) =>
  useApi(query === null ? null : `/api/events${query}`, initial);

/** GET /api/events/:id (nothing while no event is open). */
export function useEventDetail(id: number | null) {
  return useSWR<EventDetail, ApiError>(id === null ? null : `/api/events/${id}`, fetchApi<EventDetail>, {
    ...API_SWR,
    keepPreviousData: false,
  });
}
