// How mail activity looks: one table per vocabulary (event kinds, health states), so every view
// says the same words in the same colours. No imports beyond types: safe in client bundles.
import type { BadgeVariant } from "@/components/ui/badge";
import type { MailHealthState, MailKind } from "@/lib/queries/mail-activity";

export type Look = { label: string; variant: BadgeVariant };

export const KIND_LOOK: Record<MailKind, Look> = {
  received: { label: "Received", variant: "progress" },
  sent: { label: "Sent", variant: "neutral" },
  delivered: { label: "Delivered", variant: "success" },
  bounced: { label: "Bounced", variant: "danger" },
  failed: { label: "Failed", variant: "danger" },
  forwarded: { label: "Forwarded", variant: "action" },
};

export function kindLook(kind: string): Look {
  return KIND_LOOK[kind as MailKind] ?? { label: kind.replace(/[._]/g, " "), variant: "muted" };
}

export const HEALTH_LOOK: Record<MailHealthState, Look> = {
  flowing: { label: "Mail flowing", variant: "success" },
  bounces_rising: { label: "Bounces rising", variant: "warning" },
  failing: { label: "Failing", variant: "danger" },
  quiet: { label: "No mail in 7 days", variant: "muted" },
  no_mail: { label: "No mail yet", variant: "muted" },
};

/** The counts a person reads first, in this order (forwarded only shows in the feed). */
export const COUNTED_KINDS = [
  "sent",
  "delivered",
  "bounced",
  "failed",
  "received",
] as const satisfies readonly MailKind[];
