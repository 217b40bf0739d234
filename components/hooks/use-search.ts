"use client";
import useSWR from "swr";
import type { SearchResult } from "@/lib/queries/search";
import { apiKey, fetchApi, type ApiError } from "./api";

/** GET /api/search?q= while the box is open (nothing asked below 2 characters); no polling. */
export function useSearch(q: string) {
  const key = q.trim().length >= 2 ? apiKey("/api/search", { q: q.trim() }) : null;
  const { data, error, isLoading } = useSWR<SearchResult, ApiError>(key, fetchApi<SearchResult>, {
    keepPreviousData: true,
    revalidateOnFocus: false,
    dedupingInterval: 5_000,
  });
  return { data: key ? data : undefined, error, isLoading };
}
