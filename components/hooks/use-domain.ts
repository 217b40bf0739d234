"use client";
import type { DomainView } from "@/lib/queries/domains";
import { useApi } from "./api";

/** GET /api/domains/[uid] */
export const useDomain = (uid: string, initial: DomainView) =>
  useApi<DomainView>(`/api/domains/${encodeURIComponent(uid)}`, initial);
