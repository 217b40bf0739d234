"use client";
import type { RequestView } from "@/lib/queries/requests";
import { useApi } from "./api";

/** GET /api/requests/[uid] */
export const useRequest = (uid: string, initial: RequestView) =>
  useApi<RequestView>(`/api/requests/${encodeURIComponent(uid)}`, initial);
