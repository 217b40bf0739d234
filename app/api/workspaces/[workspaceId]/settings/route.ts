import { z } from "zod";
import { authorizeApi, authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { json, jsonError } from "@/lib/http";
import {
  readWorkspaceSettings,
  saveWorkspaceSettings,
  workspaceIdParam,
  workspaceSettingsBody,
} from "@/lib/settings/workspace";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ workspaceId: string }> };

async function workspaceOf(context: Context): Promise<string | null> {
  const parsed = workspaceIdParam.safeParse((await context.params).workspaceId);
  return parsed.success ? parsed.data : null;
}

/** A workspace's settings: {displayName, contactName, contactEmail, clientIdScopes, notifyEmails, nudges}. */
export async function GET(request: Request, context: Context): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}).strict());
  if (!auth.ok) return auth.response;
  const workspaceId = await workspaceOf(context);
  if (!workspaceId) return jsonError(400, "invalid_workspace", "workspace id must be 1–200 characters");
  return json(await readWorkspaceSettings(workspaceId), { headers: PRIVATE });
}

/** Changes a workspace's settings (fields left out keep their values); audit-logged. */
export async function PUT(request: Request, context: Context): Promise<Response> {
  const auth = await authorizeWrite(request, workspaceSettingsBody);
  if (!auth.ok) return auth.response;
  const workspaceId = await workspaceOf(context);
  if (!workspaceId) return jsonError(400, "invalid_workspace", "workspace id must be 1–200 characters");
  return json(await saveWorkspaceSettings(workspaceId, auth.body, auth.operator), { headers: PRIVATE });
}
