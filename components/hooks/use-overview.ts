"use client";
import type { Overview } from "@/lib/queries/overview";
import { useApi } from "./api";

/** GET /api/overview */
export const useOverview = (initial: Overview) => useApi<Overview>("/api/overview", initial);
