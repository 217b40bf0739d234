"use client";
import type { DomainData } from "@/lib/queries/domains";
import { useApi } from "./api";

/** GET /api/domains/[uid] */
export const useDomain = (uid: string, initial: DomainData) =>
  useApi<DomainData>(`/api/domains/${encodeURIComponent(uid)}`, initial);
