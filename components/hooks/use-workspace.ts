"use client";
import type { WorkspaceView } from "@/lib/queries/workspaces";
import { useApi } from "./api";

/** GET /api/workspaces/[workspaceId] */
export const useWorkspace = (workspaceId: string, initial: WorkspaceView) =>
  useApi<WorkspaceView>(`/api/workspaces/${encodeURIComponent(workspaceId)}`, initial);
