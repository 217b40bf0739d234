import { z } from "zod";
import { authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { requestOrigin } from "@/lib/auth/session";
import { json, jsonError } from "@/lib/http";
import { newCustomerLinkPath } from "@/lib/customer-link";
import { ConfigError } from "@/lib/config";
import { workspaceIdParam } from "@/lib/settings/workspace";

export const dynamic = "force-dynamic";

/** Mints a signed customer link (14 days) for a workspace: {url, expiresAt}. The secret never leaves the server. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ workspaceId: string }> },
): Promise<Response> {
  const auth = await authorizeWrite(request, z.object({}).strict());
  if (!auth.ok) return auth.response;
  const workspaceId = workspaceIdParam.safeParse((await params).workspaceId);
  if (!workspaceId.success) return jsonError(400, "invalid_workspace", "workspace id must be 1–200 characters");
  try {
    const { path, expiresAt } = await newCustomerLinkPath(workspaceId.data);
    const { protocol, host } = requestOrigin(request);
    return json(
      { url: new URL(path, `${protocol}://${host}`).toString(), expiresAt: expiresAt.toISOString() },
      { headers: PRIVATE },
    );
  } catch (error) {
    if (error instanceof ConfigError) return jsonError(503, "not_configured", error.message);
    throw error;
  }
}
