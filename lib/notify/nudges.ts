// What a customer reads in a nudge: the banner they would see on their onboarding page (what to do,
// in their words), and their signed onboarding link. Never internal ids or operator vocabulary.
import { bannerTitle, type Banner } from "../banners";
import { openBanners } from "../queries/onboarding";
import type { OpenItem, WorkspaceNotifySettings } from "./conditions";
import type { NotificationContent } from "./message";

export type NudgeStep = "nudge" | "reminder_24h" | "reminder_72h";

function whatToDo(banner: Banner): string[] {
  if (banner.state === "grant_access") {
    return [
      `${banner.provider} needs your permission before your mailbox${banner.mailbox ? ` ${banner.mailbox}` : ""} can be set up.`,
      `Open your onboarding page and choose "Grant access"; you will be asked to sign in to ${banner.provider} and allow it.`,
    ];
  }
  if (banner.state === "add_client_id") {
    return [
      `One step is left in Google Admin Console${banner.domainName ? ` for ${banner.domainName}` : ""}: add our client ID for domain-wide delegation.`,
      `Client ID: ${banner.clientId}`,
      ...banner.steps.map((step, i) => `${i + 1}. ${step}`),
    ];
  }
  return [];
}

/** The nudge (or reminder) for a customer_action item, or null when its banner asks nothing of the customer now. */
export async function nudgeContent(
  item: OpenItem,
  workspace: WorkspaceNotifySettings,
  step: NudgeStep,
  link: string,
  now: Date,
  linkDays: number,
): Promise<NotificationContent | null> {
  if (!item.request || !item.workspaceId) return null;
  const banners = await openBanners({ workspaceId: item.workspaceId });
  const banner = banners.find((b) => b.requestType === item.request!.type && b.uid === item.request!.uid);
  // A suspicious consent URL or client ID is never sent to a customer (lib/banners.ts).
  if (!banner || banner.suspicious || (banner.state !== "grant_access" && banner.state !== "add_client_id"))
    return null;
  const greeting = workspace.contactName ? `Hello ${workspace.contactName},` : "Hello,";
  const reminder = step === "nudge" ? [] : ["This is a reminder: the step below is still waiting for you."];
  return {
    kind: step === "nudge" ? "nudge" : "reminder",
    audience: "customer",
    severity: "info",
    title: step === "nudge" ? bannerTitle(banner) : `Reminder: ${bannerTitle(banner)}`,
    body: [
      greeting,
      ...reminder,
      ...whatToDo(banner),
      `Your onboarding page shows this step and your progress; the link is personal and valid for ${linkDays} days.`,
      "This message stops by itself once the step is done.",
    ],
    link: { label: "Open your onboarding page", url: link },
    item: { id: item.id, kind: item.kind, workspaceId: item.workspaceId },
    occurredAt: now.toISOString(),
  };
}
