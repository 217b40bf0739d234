// The origin the operator's browser used (for "point InboxKit at <origin>/api/webhooks/inboxkit").
import { headers } from "next/headers";

export async function webhookUrl(vendor: "inboxkit" | "inkbox" = "inboxkit"): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host")?.split(",")[0].trim() || h.get("host") || "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0].trim() || "http";
  return `${proto}://${host}/api/webhooks/${vendor}`;
}
