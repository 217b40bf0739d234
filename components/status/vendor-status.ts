// A vendor status as operators see it: badge variant and label, read from the one status table
// (lib/statuses.ts). Unknown statuses (the vendor's enums grow) get a neutral badge showing the raw value.
import type { BadgeVariant } from "@/components/ui/badge";
import { statusNames, statusRow, type EntityType, type StatusVariant } from "@/lib/statuses";

export type StatusLook = { variant: BadgeVariant; label: string; known: boolean };

/** Every status variant is a badge variant (a compile-time check). */
const asBadge = (variant: StatusVariant): BadgeVariant => variant;

export function statusLook(type: EntityType, status: string | null | undefined): StatusLook {
  if (!status) return { variant: "neutral", label: "—", known: false };
  const row = statusRow(type, status);
  return row
    ? { variant: asBadge(row.variant), label: row.label, known: true }
    : { variant: "neutral", label: status, known: false };
}

/** Every known status of a type, for filter menus, in lifecycle order. */
export const knownStatuses = (type: EntityType): string[] => statusNames(type);
