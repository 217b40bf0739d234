// InboxKit payloads as the vendor sends them today: the envelope { event, timestamp, team_id,
// team_name, data: { <entity>, metadata } } with every documented field (shared/vendor/*.txt).
// Mailbox payloads carry decrypted credentials, as the vendor's do; the server must strip them.
import { createHash, randomBytes } from "node:crypto";

export type Team = { teamId: string; teamName: string; workspaceId: string };
export type Platform = "GOOGLE" | "MICROSOFT" | "AZURE" | "SMTP";

export type SimDomain = { uid: string; name: string; connectionType?: "purchased" | "connected" };
export type SimMailbox = {
  uid: string;
  username: string;
  firstName: string;
  lastName: string;
  domain: SimDomain;
  platform: Platform;
  isAdmin?: boolean;
};
export type SimConsent = { uid: string; mailbox: SimMailbox };
export type SimClientId = { uid: string; domain: SimDomain; clientId: string };

type Fields = Record<string, unknown>;
type Transition = { status: string; previous: string | null; at: Date; extra?: Fields };

const iso = (d: Date) => d.toISOString();
const addYears = (d: Date, years: number) =>
  new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()));

function envelope(event: string, team: Team, entityKey: string, entity: Fields, at: Date, metadata: Fields = {}) {
  return {
    event,
    timestamp: iso(at),
    team_id: team.teamId,
    team_name: team.teamName,
    data: { [entityKey]: entity, metadata: { updated_at: iso(at), workspace_id: team.workspaceId, ...metadata } },
  };
}

export type InboxKitPayload = ReturnType<typeof envelope>;

const DNS_PROPAGATION: Record<string, string> = {
  registration_in_progress: "pending",
  dns_setup_pending: "pending",
  waiting_for_dns_propagation: "waiting",
  expired_propagation: "failed",
  active: "propagated",
};

export function domainPayload(team: Team, domain: SimDomain, t: Transition): InboxKitPayload {
  const purchased = (domain.connectionType ?? "purchased") === "purchased";
  const tld = domain.name.split(".").pop() ?? "";
  return envelope(
    "domain.status_changed",
    team,
    "domain",
    {
      uid: domain.uid,
      name: domain.name,
      tld,
      status: t.status,
      previous_status: t.previous,
      dns_propagation_status: DNS_PROPAGATION[t.status] ?? "pending",
      nameservers: purchased
        ? ["ns1.inboxkit.com", "ns2.inboxkit.com"]
        : ["dana.ns.cloudflare.com", "walt.ns.cloudflare.com"],
      renewal_date: purchased ? iso(addYears(t.at, 1)) : null,
      renewal_status: "na",
      registration_years: purchased ? 1 : 0,
      registration_date: purchased
        ? iso(new Date(Date.UTC(t.at.getUTCFullYear(), t.at.getUTCMonth(), t.at.getUTCDate())))
        : null,
      price: purchased ? 12.99 : 0,
      connection_type: domain.connectionType ?? "purchased",
      forwarding_url: "",
      forwarding_email: "",
      forwarding_status: "",
      enable_mask_forwarding: false,
      dmarc_email: `dmarc@${domain.name}`,
      catch_all_email: "",
      assigned_mailboxes: 0,
      available_mailboxes: 50,
      tags: ["outbound"],
      ...t.extra,
    },
    t.at,
  );
}

/** Credentials as the vendor sends them: decrypted. Fixed per mailbox so retries are byte-identical. */
export function mailboxCredentials(mailbox: SimMailbox) {
  const seed = (label: string) => Buffer.from(`${mailbox.uid}:${label}`).toString("base64url").slice(-10);
  return {
    password: `Mb!${seed("password")}9`,
    app_password: `app-${seed("app")}`,
    secret: mailbox.platform === "GOOGLE" ? `TOTP${seed("totp").toUpperCase()}` : "",
  };
}

export function mailboxPayload(team: Team, mailbox: SimMailbox, t: Transition): InboxKitPayload {
  return envelope(
    "mailbox.status_changed",
    team,
    "mailbox",
    {
      uid: mailbox.uid,
      email: `${mailbox.username}@${mailbox.domain.name}`,
      username: mailbox.username,
      first_name: mailbox.firstName,
      last_name: mailbox.lastName,
      profile_picture: "",
      status: t.status,
      previous_status: t.previous,
      platform: mailbox.platform,
      renewal_date: iso(addYears(t.at, 1)),
      renewal_status: "na",
      is_admin: mailbox.isAdmin ?? false,
      ...mailboxCredentials(mailbox),
      is_add_on: false,
      ...t.extra,
    },
    t.at,
    { domain_id: mailbox.domain.uid, domain_name: mailbox.domain.name },
  );
}

function consentUrl(consent: SimConsent): string {
  // OAuth state is opaque: derived from the request, so a retry's body is byte-identical.
  const state = createHash("sha256").update(`state:${consent.uid}`).digest("base64url").slice(0, 22);
  if (consent.mailbox.platform === "GOOGLE") {
    const scope = encodeURIComponent("https://mail.google.com/ https://www.googleapis.com/auth/admin.directory.user");
    return `https://accounts.google.com/o/oauth2/v2/auth?client_id=118204455671-inboxkit.apps.googleusercontent.com&response_type=code&access_type=offline&prompt=consent&scope=${scope}&redirect_uri=${encodeURIComponent("https://app.inboxkit.com/oauth/google/callback")}&state=${state}&login_hint=${encodeURIComponent(`${consent.mailbox.username}@${consent.mailbox.domain.name}`)}`;
  }
  return `https://login.microsoftonline.com/organizations/v2.0/adminconsent?client_id=6f1c2b7e-0d1a-4a53-9a8e-inboxkit0001&scope=${encodeURIComponent("https://graph.microsoft.com/.default")}&redirect_uri=${encodeURIComponent("https://app.inboxkit.com/oauth/microsoft/callback")}&state=${state}`;
}

const TERMINAL_REQUEST = new Set(["completed", "failed", "errored", "cancelled"]);

function requestFields(t: Transition): Fields {
  return {
    status: t.status,
    previous_status: t.previous,
    status_text: t.status === "completed" ? "Completed" : "",
    status_reason: "",
    retry_count: 0,
    max_retries: 3,
    completed_at: TERMINAL_REQUEST.has(t.status) ? iso(t.at) : null,
  };
}

export function consentPayload(team: Team, consent: SimConsent, t: Transition): InboxKitPayload {
  return envelope(
    "consent_request.status_changed",
    team,
    "consent_request",
    {
      uid: consent.uid,
      ...requestFields(t),
      consent_url: consentUrl(consent),
      ...t.extra,
    },
    t.at,
    { mailbox_id: consent.mailbox.uid },
  );
}

export function clientIdPayload(team: Team, request: SimClientId, t: Transition): InboxKitPayload {
  return envelope(
    "client_id_request.status_changed",
    team,
    "client_id_request",
    {
      uid: request.uid,
      ...requestFields(t),
      domain_name: request.domain.name,
      client_id: request.clientId,
      ...t.extra,
    },
    t.at,
  );
}

/** A Google OAuth client id in the vendor's format (digits-hash.apps.googleusercontent.com). */
export function googleClientId(): string {
  const digits = Array.from(randomBytes(12), (b) => String(b % 10)).join("");
  return `${digits}-${randomBytes(16).toString("hex").slice(0, 32)}.apps.googleusercontent.com`;
}
