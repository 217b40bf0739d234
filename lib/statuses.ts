// Every vendor status the dashboard knows, per entity one table. A row's position is its lifecycle
// order (lib/ordering.ts breaks same-millisecond ties with it); the row says whether the status is
// terminal, how operators see it (badge variant and label, components/status/vendor-status.ts) and,
// for domains and mailboxes, what the customer reads (lib/customer-status.ts). Adding a status means
// adding one row here. Unknown statuses (the vendors' enums grow) rank before every known one, get
// a neutral badge with the raw value, and read as their own words to the customer.
export type EntityType = "domain" | "mailbox" | "consent_request" | "client_id_request";

/** The badge variants a status may use (components/ui/badge.tsx renders them). */
export type StatusVariant = "success" | "progress" | "action" | "warning" | "danger" | "muted";

/** The customer page's tone for a status: the words carry the meaning, the colour supports them. */
export type Tone = "done" | "working" | "attention" | "problem" | "inactive";
export type PlainStatus = { label: string; tone: Tone; detail: string | null };

export type StatusRow = {
  status: string;
  variant: StatusVariant;
  label: string;
  terminal: boolean;
  /** What the customer reads; requests are never shown to customers by status. */
  customer: PlainStatus | null;
};

const plain = (label: string, tone: Tone, detail: string | null = null): PlainStatus => ({ label, tone, detail });

const row = (
  status: string,
  variant: StatusVariant,
  label: string,
  customer: PlainStatus | null = null,
  terminal = false,
): StatusRow => ({ status, variant, label, terminal, customer });

const TERMINAL = true;

const REQUEST: StatusRow[] = [
  row("queued", "progress", "Queued"),
  row("pending", "action", "Waiting for customer"),
  row("processing", "progress", "Processing"),
  row("completed", "success", "Completed", null, TERMINAL),
  row("failed", "danger", "Failed", null, TERMINAL),
  row("errored", "danger", "Errored", null, TERMINAL),
  row("cancelled", "muted", "Cancelled", null, TERMINAL),
];

const SETTING_UP = plain("Setting up your mailbox", "working");
const BILLING = "Please update the billing details with your account contact.";
const FOLLOW_UP = "Your account contact has been told and will follow up.";

export const STATUSES: Record<EntityType, readonly StatusRow[]> = {
  domain: [
    row("cart", "muted", "In cart", plain("Waiting for payment", "working")),
    row("pending_payment", "progress", "Pending payment", plain("Waiting for payment", "working")),
    row("payment_processing", "progress", "Payment processing", plain("Processing payment", "working")),
    row(
      "registration_in_progress",
      "progress",
      "Registering",
      plain(
        "Registering your domain",
        "working",
        "The registrar is processing the registration; this usually takes a few minutes.",
      ),
    ),
    row(
      "not_connected",
      "warning",
      "Not connected",
      plain(
        "Waiting for your domain to be connected",
        "attention",
        "Point the domain's nameservers at the ones you were given.",
      ),
    ),
    row("dns_setup_pending", "progress", "DNS setup pending", plain("Setting up DNS", "working")),
    row(
      "waiting_for_dns_propagation",
      "progress",
      "Waiting for DNS",
      plain(
        "Waiting for DNS to propagate",
        "working",
        "DNS changes can take up to 48 hours to reach everyone; usually it is much faster.",
      ),
    ),
    row(
      "expired_propagation",
      "danger",
      "DNS propagation expired",
      plain("DNS did not propagate in time", "problem", "Your account contact will check the DNS records with you."),
    ),
    row("pending_activation", "progress", "Pending activation", plain("Activating", "working")),
    row("active", "success", "Active", plain("Active", "done")),
    row("inactive", "muted", "Inactive", plain("Paused", "inactive")),
    row("payment_failed", "danger", "Payment failed", plain("Payment failed", "problem", BILLING)),
    row("refunded", "muted", "Refunded", plain("Refunded", "inactive")),
    row(
      "refunded_due_to_banned_keywords",
      "muted",
      "Refunded (banned keywords)",
      plain("Refunded", "inactive", "This domain name cannot be registered."),
    ),
    row(
      "no_longer_available",
      "danger",
      "No longer available",
      plain("No longer available", "problem", "Someone else registered this domain first."),
    ),
    row("cancelled", "muted", "Cancelled", plain("Cancelled", "inactive")),
    row("scheduled_for_deletion", "muted", "Scheduled for deletion", plain("Being removed", "inactive")),
    row("deleted", "muted", "Deleted", plain("Removed", "inactive"), TERMINAL),
  ],
  mailbox: [
    row("pending", "progress", "Pending", plain("Queued for setup", "working")),
    row("processing", "progress", "Processing", SETTING_UP),
    row(
      "waiting_for_dns_propagation",
      "progress",
      "Waiting for DNS",
      plain("Waiting for DNS to propagate", "working", "The mailbox starts as soon as its domain's DNS is live."),
    ),
    row(
      "waiting_for_activation_email",
      "progress",
      "Waiting for activation email",
      plain("Waiting for the activation email", "working"),
    ),
    row("activation_email_received", "progress", "Activation email received", SETTING_UP),
    row("configuring_workspace", "progress", "Configuring workspace", SETTING_UP),
    row("configuring_dns", "progress", "Configuring DNS", SETTING_UP),
    row("configuring_dkim", "progress", "Configuring DKIM", plain("Setting up email signing (DKIM)", "working")),
    row(
      "configuring_auth",
      "action",
      "Configuring auth",
      plain("Setting up sign-in", "working", "If an action is listed above, it is needed to finish this step."),
    ),
    row("finalizing_setup", "progress", "Finalizing setup", plain("Almost ready", "working")),
    row("scheduled", "progress", "Scheduled", plain("Scheduled", "working")),
    row("active", "success", "Active", plain("Active", "done")),
    row("inactive", "muted", "Inactive", plain("Paused", "inactive")),
    row("suspended", "danger", "Suspended", plain("Suspended", "problem", FOLLOW_UP)),
    row("failed", "danger", "Failed", plain("Setup failed", "problem", FOLLOW_UP)),
    row("renewal_failed", "danger", "Renewal failed", plain("Renewal payment failed", "problem", BILLING)),
    row("scheduled_for_cancellation", "warning", "Cancelling", plain("Cancelling soon", "inactive")),
    row("cancelled", "muted", "Cancelled", plain("Cancelled", "inactive")),
    row("archived", "muted", "Archived", plain("Archived", "inactive")),
    row("deleted", "muted", "Deleted", plain("Removed", "inactive"), TERMINAL),
  ],
  consent_request: REQUEST,
  client_id_request: REQUEST,
};

const index = Object.fromEntries(
  Object.entries(STATUSES).map(([type, rows]) => [
    type,
    new Map(rows.map((r, i) => [r.status, { ...r, rank: i + 1 }])),
  ]),
) as Record<EntityType, Map<string, StatusRow & { rank: number }>>;

/** A known status's row (with its 1-based lifecycle rank), or undefined. */
export const statusRow = (type: EntityType, status: string): (StatusRow & { rank: number }) | undefined =>
  index[type].get(status);

/** Known statuses of a type, in lifecycle order. */
export const statusNames = (type: EntityType): string[] => STATUSES[type].map((r) => r.status);
