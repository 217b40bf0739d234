"use client";
// SWR for the operator JSON API: one fetcher, one error type (the API's { error: { code, message } }),
// revalidation on focus, reconnect and every 15 s besides the live notices (LiveProvider), so a
// missed notice heals itself. A 401 sends the tab back to the login page.
import useSWR, { type SWRConfiguration } from "swr";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export async function fetchApi<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && typeof window !== "undefined") {
      // A full page load on purpose: the session is gone, so nothing cached in this tab may survive.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a fetcher has no router
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
    throw new ApiError(
      body?.error?.message ?? `Request failed (${response.status})`,
      response.status,
      body?.error?.code ?? "http_error",
    );
  }
  return body as T;
}

export const API_SWR: SWRConfiguration = {
  revalidateOnFocus: true,
  revalidateOnReconnect: true,
  refreshInterval: 15_000,
  keepPreviousData: true,
};

/** Data for `key` (an /api/… URL), starting from what the server rendered. */
export function useApi<T>(key: string | null, initial: T) {
  const { data, error, isValidating } = useSWR<T, ApiError>(key, fetchApi<T>, { ...API_SWR, fallbackData: initial });
  return { data: data ?? initial, error, isValidating };
}

/** `/api/<path>?<params>` with empty values left out. */
export function apiKey(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export type Sent<T> = { ok: boolean; status: number; data: T | null; error: string | null };

/** A write to the JSON API (same-origin, JSON body); the API's error message when it refuses. */
export async function sendJson<T = Record<string, unknown>>(
  url: string,
  method: "POST" | "PUT",
  body: unknown,
): Promise<Sent<T>> {
  try {
    const response = await fetch(url, {
      method,
      headers: { "content-type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    return response.ok
      ? { ok: true, status: response.status, data: data as T, error: null }
      : {
          ok: false,
          status: response.status,
          data: null,
          error: data?.error?.message ?? `Request failed (${response.status})`,
        };
  } catch {
    return { ok: false, status: 0, data: null, error: "The dashboard did not answer; check your connection." };
  }
}
