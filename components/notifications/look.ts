// How notification statuses and kinds read on every page.
import type { BadgeVariant } from "@/components/ui/badge";

export const STATUS_VARIANT: Record<string, BadgeVariant> = {
  pending: "progress",
  sent: "success",
  failed: "danger",
  cancelled: "muted",
};

export const KIND_LABEL: Record<string, string> = {
  alert: "Alert",
  resolved: "Resolved",
  nudge: "Customer nudge",
  reminder: "Customer reminder",
  failed_delivery: "Failure",
  test: "Test",
};
