import { customerAccess, refusalMessage } from "@/lib/customer-link";
import { json, jsonError } from "@/lib/http";
import { customerOnboarding } from "@/lib/queries/onboarding";

export const dynamic = "force-dynamic";

/** The customer's onboarding progress and banners, for the holder of a valid customer link. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ workspaceId: string }> },
): Promise<Response> {
  const { workspaceId } = await params;
  const access = await customerAccess(workspaceId, new URL(request.url).searchParams.get("token"));
  if (!access.ok) {
    const refusal = refusalMessage(access);
    return jsonError(refusal.status, access.reason === "expired" ? "link_expired" : "invalid_link", refusal.message);
  }
  return json(await customerOnboarding(workspaceId), { headers: { "Cache-Control": "private, no-store" } });
}
