// Plain-language status for the customer page: the vendor's status names are for operators; a
// customer reads "Waiting for DNS to propagate", with a tone that the badge renders (text and
// colour). Unknown statuses (the vendor's enums grow) read as the words of the status itself.
export type Tone = "done" | "working" | "attention" | "problem" | "inactive";
export type PlainStatus = { label: string; tone: Tone; detail: string | null };

const s = (label: string, tone: Tone, detail: string | null = null): PlainStatus => ({ label, tone, detail });

const DOMAIN: Record<string, PlainStatus> = {
  cart: s("Waiting for payment", "working"),
  pending_payment: s("Waiting for payment", "working"),
  payment_processing: s("Processing payment", "working"),
  registration_in_progress: s(
    "Registering your domain",
    "working",
    "The registrar is processing the registration; this usually takes a few minutes.",
  ),
  not_connected: s(
    "Waiting for your domain to be connected",
    "attention",
    "Point the domain's nameservers at the ones you were given.",
  ),
  dns_setup_pending: s("Setting up DNS", "working"),
  waiting_for_dns_propagation: s(
    "Waiting for DNS to propagate",
    "working",
    "DNS changes can take up to 48 hours to reach everyone; usually it is much faster.",
  ),
  expired_propagation: s(
    "DNS did not propagate in time",
    "problem",
    "Your account contact will check the DNS records with you.",
  ),
  pending_activation: s("Activating", "working"),
  active: s("Active", "done"),
  inactive: s("Paused", "inactive"),
  payment_failed: s("Payment failed", "problem", "Please update the billing details with your account contact."),
  refunded: s("Refunded", "inactive"),
  refunded_due_to_banned_keywords: s("Refunded", "inactive", "This domain name cannot be registered."),
  no_longer_available: s("No longer available", "problem", "Someone else registered this domain first."),
  cancelled: s("Cancelled", "inactive"),
  scheduled_for_deletion: s("Being removed", "inactive"),
  deleted: s("Removed", "inactive"),
};

const SETTING_UP = s("Setting up your mailbox", "working");

const MAILBOX: Record<string, PlainStatus> = {
  pending: s("Queued for setup", "working"),
  processing: SETTING_UP,
  waiting_for_dns_propagation: s(
    "Waiting for DNS to propagate",
    "working",
    "The mailbox starts as soon as its domain's DNS is live.",
  ),
  waiting_for_activation_email: s("Waiting for the activation email", "working"),
  activation_email_received: SETTING_UP,
  configuring_workspace: SETTING_UP,
  configuring_dns: SETTING_UP,
  configuring_dkim: s("Setting up email signing (DKIM)", "working"),
  configuring_auth: s(
    "Setting up sign-in",
    "working",
    "If an action is listed above, it is needed to finish this step.",
  ),
  finalizing_setup: s("Almost ready", "working"),
  scheduled: s("Scheduled", "working"),
  active: s("Active", "done"),
  inactive: s("Paused", "inactive"),
  suspended: s("Suspended", "problem", "Your account contact has been told and will follow up."),
  failed: s("Setup failed", "problem", "Your account contact has been told and will follow up."),
  renewal_failed: s(
    "Renewal payment failed",
    "problem",
    "Please update the billing details with your account contact.",
  ),
  scheduled_for_cancellation: s("Cancelling soon", "inactive"),
  cancelled: s("Cancelled", "inactive"),
  archived: s("Archived", "inactive"),
  deleted: s("Removed", "inactive"),
};

function fallback(status: string): PlainStatus {
  const words = status.replace(/[_-]+/g, " ").trim().toLowerCase();
  return s(words ? words[0].toUpperCase() + words.slice(1) : "Unknown", "working");
}

export const domainStatus = (status: string): PlainStatus => DOMAIN[status] ?? fallback(status);
export const mailboxStatus = (status: string): PlainStatus => MAILBOX[status] ?? fallback(status);

const PLATFORM: Record<string, string> = {
  GOOGLE: "Google Workspace",
  MICROSOFT: "Microsoft 365",
  AZURE: "Microsoft Azure",
  SMTP: "SMTP",
};
export const platformName = (platform: string | null): string | null =>
  platform ? (PLATFORM[platform.toUpperCase()] ?? platform) : null;
