// Mints the customer link for a workspace page (server only: CUSTOMER_LINK_SECRET never leaves it).
import { newCustomerLinkPath } from "@/lib/customer-link";

/** What the page hands the "Copy customer link" control: a link, or why there is none. */
export type CustomerLinkInfo = { url: string; expiresAt: string } | { error: string };

export async function mintCustomerLink(workspaceId: string, webhookUrl: string): Promise<CustomerLinkInfo> {
  try {
    const { path, expiresAt } = await newCustomerLinkPath(workspaceId);
    return { url: new URL(path, webhookUrl).toString(), expiresAt: expiresAt.toISOString() };
  } catch {
    return { error: "Set CUSTOMER_LINK_SECRET to share customer links" };
  }
}
