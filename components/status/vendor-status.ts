// The one table from a vendor status to a badge variant and a plain-language label, per entity
// type. Unknown statuses (the vendor's enums grow) get a neutral badge showing the raw value.
import type { BadgeVariant } from "@/components/ui/badge";
import type { EntityType } from "@/lib/ordering";

type Entry = [BadgeVariant, string];

const REQUEST: Record<string, Entry> = {
  queued: ["progress", "Queued"],
  pending: ["action", "Waiting for customer"],
  processing: ["progress", "Processing"],
  completed: ["success", "Completed"],
  failed: ["danger", "Failed"],
  errored: ["danger", "Errored"],
  cancelled: ["muted", "Cancelled"],
};

export const VENDOR_STATUS: Record<EntityType, Record<string, Entry>> = {
  domain: {
    cart: ["muted", "In cart"],
    pending_payment: ["progress", "Pending payment"],
    payment_processing: ["progress", "Payment processing"],
    registration_in_progress: ["progress", "Registering"],
    not_connected: ["warning", "Not connected"],
    dns_setup_pending: ["progress", "DNS setup pending"],
    waiting_for_dns_propagation: ["progress", "Waiting for DNS"],
    expired_propagation: ["danger", "DNS propagation expired"],
    pending_activation: ["progress", "Pending activation"],
    active: ["success", "Active"],
    inactive: ["muted", "Inactive"],
    payment_failed: ["danger", "Payment failed"],
    refunded: ["muted", "Refunded"],
    refunded_due_to_banned_keywords: ["muted", "Refunded (banned keywords)"],
    no_longer_available: ["danger", "No longer available"],
    cancelled: ["muted", "Cancelled"],
    scheduled_for_deletion: ["muted", "Scheduled for deletion"],
    deleted: ["muted", "Deleted"],
  },
  mailbox: {
    pending: ["progress", "Pending"],
    processing: ["progress", "Processing"],
    waiting_for_dns_propagation: ["progress", "Waiting for DNS"],
    waiting_for_activation_email: ["progress", "Waiting for activation email"],
    activation_email_received: ["progress", "Activation email received"],
    configuring_workspace: ["progress", "Configuring workspace"],
    configuring_dns: ["progress", "Configuring DNS"],
    configuring_dkim: ["progress", "Configuring DKIM"],
    configuring_auth: ["action", "Configuring auth"],
    finalizing_setup: ["progress", "Finalizing setup"],
    scheduled: ["progress", "Scheduled"],
    active: ["success", "Active"],
    inactive: ["muted", "Inactive"],
    suspended: ["danger", "Suspended"],
    failed: ["danger", "Failed"],
    renewal_failed: ["danger", "Renewal failed"],
    scheduled_for_cancellation: ["warning", "Cancelling"],
    cancelled: ["muted", "Cancelled"],
    archived: ["muted", "Archived"],
    deleted: ["muted", "Deleted"],
  },
  consent_request: REQUEST,
  client_id_request: REQUEST,
};

export type StatusLook = { variant: BadgeVariant; label: string; known: boolean };

export function statusLook(type: EntityType, status: string | null | undefined): StatusLook {
  if (!status) return { variant: "neutral", label: "—", known: false };
  const entry = VENDOR_STATUS[type][status];
  return entry
    ? { variant: entry[0], label: entry[1], known: true }
    : { variant: "neutral", label: status, known: false };
}

/** Every known status of a type, for filter menus, in lifecycle-table order. */
export const knownStatuses = (type: EntityType): string[] => Object.keys(VENDOR_STATUS[type]);
