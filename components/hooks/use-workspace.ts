"use client";
import type { WorkspaceData } from "@/lib/queries/workspaces";
import { useApi } from "./api";

/** GET /api/workspaces/[workspaceId] */
export const useWorkspace = (workspaceId: string, initial: WorkspaceData) =>
  useApi<WorkspaceData>(`/api/workspaces/${encodeURIComponent(workspaceId)}`, initial);
