// How attention items look: severity → badge variant, kind and entity type → words, status → label.
import type { BadgeVariant } from "@/components/ui/badge";
import { statusLook } from "@/components/status/vendor-status";
import type { AttentionItem, AttentionKind, Severity } from "@/lib/attention/evaluate";
import type { EntityType } from "@/lib/ordering";

/** Rows per page of the queue (the API allows up to 200). */
export const QUEUE_PAGE = 25;

export const SEVERITY_VARIANT: Record<Severity, BadgeVariant> = { critical: "danger", warning: "warning" };
export const SEVERITY_LABEL: Record<Severity, string> = { critical: "Critical", warning: "Warning" };

export const KIND_LABEL: Record<AttentionKind, string> = {
  stuck: "Stuck",
  failed: "Failed",
  customer_action: "Customer action",
  refused_deliveries: "Refused deliveries",
  mail: "Mail health",
};

const ENTITY_LABEL: Record<string, string> = {
  domain: "Domain",
  mailbox: "Mailbox",
  consent_request: "Consent",
  client_id_request: "Client ID",
  vendor: "Webhooks",
  notification: "Notifications",
};
export const entityLabel = (type: string) => ENTITY_LABEL[type] ?? type;

const ENTITY_TYPES = new Set(["domain", "mailbox", "consent_request", "client_id_request"]);
const OTHER_STATUS: Record<string, string> = {
  dns_propagation_failed: "DNS check failed",
  dns_propagation_errored: "DNS check errored",
  failing: "Mail failing",
  bounces_rising: "Bounces rising",
};

/** The item's status in words. */
export function itemStatus(item: Pick<AttentionItem, "kind" | "entityType" | "status">): string {
  if (item.kind === "mail") return OTHER_STATUS[item.status];
  if (OTHER_STATUS[item.status]) return OTHER_STATUS[item.status];
  if (ENTITY_TYPES.has(item.entityType)) return statusLook(item.entityType as EntityType, item.status).label;
  return item.status.replace(/_/g, " ");
}

/** An age in its two largest adjacent units: "45 s", "12 min", "3 h 5 min", "5 d 2 h". */
export function ageText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A budget in one unit when it divides evenly: "15 min", "6 h", "2 d". */
export function budgetText(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
