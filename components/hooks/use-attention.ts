"use client";
// GET /api/attention, page after page: the key names how many pages the operator asked to see, and
// the fetcher follows the cursors, so "Show more" never loses what is already shown and a live
// notice refetches every shown page at once.
import useSWR from "swr";
import type { AttentionResponse } from "@/lib/queries/attention";
import { QUEUE_PAGE } from "@/components/attention/look";
import { API_SWR, apiKey, fetchApi, type ApiError } from "./api";

async function fetchPages([url, pages]: [string, number]): Promise<AttentionResponse> {
  let answer = await fetchApi<AttentionResponse>(url);
  for (let i = 1; i < pages && answer.nextCursor; i++) {
    const next = await fetchApi<AttentionResponse>(`${url}&cursor=${encodeURIComponent(answer.nextCursor)}`);
    answer = {
      ...next,
      items: [...answer.items, ...next.items],
      details: { ...answer.details, ...next.details },
    };
  }
  return answer;
}

export function useAttention(
  filters: { kind?: string; workspace?: string; include?: string },
  pages: number,
  initial: AttentionResponse | undefined,
) {
  const url = apiKey("/api/attention", { limit: QUEUE_PAGE, ...filters });
  const { data, error } = useSWR<AttentionResponse, ApiError>([url, pages], fetchPages, {
    ...API_SWR,
    fallbackData: initial,
  });
  return { data, error };
}
