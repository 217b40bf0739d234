"use client";
import type { RequestData } from "@/lib/queries/requests";
import { useApi } from "./api";

/** GET /api/requests/[uid] */
export const useRequest = (uid: string, initial: RequestData) =>
  useApi<RequestData>(`/api/requests/${encodeURIComponent(uid)}`, initial);
