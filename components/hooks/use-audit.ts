"use client";
import type { AuditPage } from "@/lib/queries/audit";
import { useApi } from "./api";

/** GET /api/audit?… */
export const useAudit = (query: string, initial: AuditPage) => useApi<AuditPage>(`/api/audit${query}`, initial);
