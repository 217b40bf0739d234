// Which onboarding banners to show, from the stored consent and client-ID requests. Pure.
//
// Per subject (a consent request's mailbox, a client-ID request's domain) only the newest request
// counts, so a request that failed last week stops showing once a newer one exists. Then by status:
//   pending + consent_url   → "Grant access" (only an https: URL becomes a link; else the problem)
//   pending + client_id     → the client ID to add, with the Admin Console steps for the domain
//   queued | processing     → progress
//   failed | errored        → the vendor's status_text and what to do next
//   completed | cancelled   → nothing (the banner disappears)
// Unknown statuses show nothing: a banner asks the customer to act, and we cannot say how.
//
// Forged deliveries (issue 10 item 1): under the static signature scheme anyone who captured one
// header can sign any body. So before a customer sees them, a consent_url must be https on one of
// CONSENT_URL_HOSTS (no port) and a client_id must look like a Google OAuth client id. Anything else
// makes the banner `suspicious` (the reason, for operators); publicBanner then shows the customer
// only that their provider is preparing a step, and no nudge is sent for it.

/** The hosts a consent link may point at when CONSENT_URL_HOSTS is unset (lib/config.ts). */
export const DEFAULT_CONSENT_URL_HOSTS = ["accounts.google.com", "login.microsoftonline.com", "login.live.com"];

export type RequestType = "consent_request" | "client_id_request";

export type ConsentRequestRow = {
  uid: string;
  status: string;
  consentUrl: string | null;
  statusText: string | null;
  statusReason: string | null;
  retryCount: number | null;
  maxRetries: number | null;
  mailboxId: string | null;
  /** The mailbox's address, when the mailbox is known. */
  mailboxEmail?: string | null;
  /** The mailbox's platform (GOOGLE, MICROSOFT, …), when known. */
  platform?: string | null;
  lastOccurredAt: Date;
};

export type ClientIdRequestRow = {
  uid: string;
  status: string;
  domainName: string | null;
  clientId: string | null;
  statusText: string | null;
  statusReason: string | null;
  retryCount: number | null;
  maxRetries: number | null;
  mailboxId: string | null;
  lastOccurredAt: Date;
};

type BannerBase = {
  /** Stable React key and test hook: `<requestType>:<uid>`. */
  key: string;
  /** Why the vendor's consent URL or client ID is not shown to the customer (operators only); null when it may be. */
  suspicious: string | null;
  requestType: RequestType;
  uid: string;
  status: string;
  mailbox: string | null;
  domainName: string | null;
  updatedAt: string;
};

export type Banner = BannerBase &
  (
    | { state: "grant_access"; provider: string; consentUrl: string | null; urlProblem: string | null }
    | { state: "add_client_id"; clientId: string; scopes: string[]; steps: string[] }
    | { state: "failed"; statusText: string; nextStep: string; attempts: string | null }
    | { state: "in_progress"; message: string }
  );

export const CLIENT_ID_PATH = ["Google Admin Console", "Security", "API controls", "Domain-wide delegation"] as const;

/** The Admin Console steps; the scopes are mentioned only when the workspace's settings list some. */
export function clientIdSteps(domainName: string | null, scopes: readonly string[] = []): string[] {
  const domain = domainName ?? "your domain";
  return [
    `Sign in to the Google Admin Console (admin.google.com) as a super administrator of ${domain}.`,
    `Go to ${CLIENT_ID_PATH.slice(1).join(" → ")}, then choose "Add new".`,
    scopes.length
      ? 'Paste the client ID shown here, paste the OAuth scopes shown here into "OAuth scopes", and click Authorize.'
      : "Paste the client ID shown here and click Authorize.",
    "That's all: this message disappears by itself once Google confirms the change.",
  ];
}

/** A banner as a customer may see it: no uid or operator note, and a key derived from it that reveals nothing. */
export type PublicBanner = Banner extends infer B ? (B extends unknown ? Omit<B, "uid" | "suspicious"> : never) : never;

/** What a customer reads instead of a suspicious banner: nothing from the delivery, and no action. */
export const HELD_BACK_MESSAGE = "Your provider is preparing a step for you; we'll contact you when it is ready.";

export const GOOGLE_CLIENT_ID = /^\d+-[a-z0-9]+\.apps\.googleusercontent\.com$/;
const MAX_CONSENT_URL = 2048;

/** Why a consent URL may not reach a customer (null: it may). `hosts` are CONSENT_URL_HOSTS. */
export function consentUrlSuspicion(raw: string | null, hosts: readonly string[]): string | null {
  const value = raw?.trim() ?? "";
  if (!value) return null;
  if (value.length > MAX_CONSENT_URL) return `consent URL is longer than ${MAX_CONSENT_URL} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "consent URL is not a URL (not https)";
  }
  if (url.protocol !== "https:") return `consent URL is not https (${url.protocol.replace(/:$/, "").slice(0, 20)})`;
  if (url.username || url.password) return "consent URL carries a user name or password";
  if (url.port) return `consent URL names a port (${url.port})`;
  if (!hosts.includes(url.hostname))
    return `consent URL host ${url.hostname} is not one of CONSENT_URL_HOSTS (${hosts.join(", ")})`;
  return null;
}

/** Why a client ID may not reach a customer (null: it looks like a Google OAuth client id). */
export function clientIdSuspicion(raw: string | null): string | null {
  const value = raw?.trim() ?? "";
  if (!value || GOOGLE_CLIENT_ID.test(value)) return null;
  return "client ID does not look like a Google OAuth client ID (digits-name.apps.googleusercontent.com)";
}

/** An https: URL as a string, or the reason it cannot be offered as a link. */
export function safeConsentUrl(raw: string | null): { url: string | null; problem: string | null } {
  const value = raw?.trim() ?? "";
  if (!value)
    return { url: null, problem: "The consent link has not arrived yet. It will appear here as soon as it does." };
  try {
    const url = new URL(value);
    if (url.protocol === "https:") return { url: url.toString(), problem: null };
  } catch {
    // fall through
  }
  return {
    url: null,
    problem:
      "The consent link we received is not a secure (https) link, so it is not offered here. Please ask your account contact for a new one.",
  };
}

function providerName(platform: string | null | undefined, url: string | null): string {
  const p = (platform ?? "").toUpperCase();
  if (p === "GOOGLE" || url?.includes("google.com")) return "Google";
  if (p === "MICROSOFT" || p === "AZURE" || url?.includes("microsoftonline.com")) return "Microsoft";
  return "your email provider";
}

const NEXT_STEP: Record<RequestType, Record<string, string>> = {
  consent_request: {
    user_denied: "Access was declined on the consent screen. Ask your account contact for a new link and choose Allow.",
    scope_mismatch:
      "The permissions granted did not match what is needed. Ask your account contact for a new link and accept every permission listed.",
    default: "Ask your account contact to send a new consent link; nothing else is needed from you until then.",
  },
  client_id_request: {
    default:
      "Check that the client ID is listed under Domain-wide delegation in the Admin Console, then ask your account contact to retry.",
  },
};

const PROGRESS: Record<RequestType, Record<string, string>> = {
  consent_request: { queued: "Preparing the consent link…", processing: "Checking that access was granted…" },
  client_id_request: {
    queued: "Preparing the client ID for domain-wide delegation…",
    processing: "Checking with Google that the client ID was added…",
    pending: "Preparing the client ID for domain-wide delegation…",
  },
};

function attempts(retryCount: number | null, maxRetries: number | null): string | null {
  return retryCount !== null && maxRetries !== null && retryCount > 0
    ? `after ${retryCount} of ${maxRetries} retries`
    : null;
}

/** What both request types show outside `pending`: progress, a failure with its next step, or nothing. */
function progressOrFailure(base: BannerBase, row: ConsentRequestRow | ClientIdRequestRow): Banner | null {
  const type = base.requestType;
  switch (row.status) {
    case "queued":
    case "processing":
      return { ...base, state: "in_progress", message: PROGRESS[type][row.status] };
    case "failed":
    case "errored":
      return {
        ...base,
        state: "failed",
        statusText:
          row.statusText?.trim() ||
          (row.status === "errored"
            ? "Something went wrong on the provider's side."
            : "The request did not go through."),
        nextStep: NEXT_STEP[type][row.statusReason?.trim() ?? ""] ?? NEXT_STEP[type].default,
        attempts: attempts(row.retryCount, row.maxRetries),
      };
    default:
      return null;
  }
}

function consentBanner(row: ConsentRequestRow, hosts: readonly string[]): Banner | null {
  const base: BannerBase = {
    key: `consent_request:${row.uid}`,
    suspicious: row.status === "pending" ? consentUrlSuspicion(row.consentUrl, hosts) : null,
    requestType: "consent_request",
    uid: row.uid,
    status: row.status,
    mailbox: row.mailboxEmail ?? null,
    domainName: row.mailboxEmail?.split("@")[1] ?? null,
    updatedAt: row.lastOccurredAt.toISOString(),
  };
  if (row.status !== "pending") return progressOrFailure(base, row);
  const { url, problem } = safeConsentUrl(row.consentUrl);
  return {
    ...base,
    state: "grant_access",
    provider: providerName(row.platform, url),
    consentUrl: url,
    urlProblem: problem,
  };
}

function clientIdBanner(row: ClientIdRequestRow, scopes: readonly string[]): Banner | null {
  const base: BannerBase = {
    key: `client_id_request:${row.uid}`,
    suspicious: row.status === "pending" ? clientIdSuspicion(row.clientId) : null,
    requestType: "client_id_request",
    uid: row.uid,
    status: row.status,
    mailbox: null,
    domainName: row.domainName,
    updatedAt: row.lastOccurredAt.toISOString(),
  };
  if (row.status !== "pending") return progressOrFailure(base, row);
  const clientId = row.clientId?.trim();
  if (!clientId) return { ...base, state: "in_progress", message: PROGRESS.client_id_request.pending };
  return {
    ...base,
    state: "add_client_id",
    clientId,
    scopes: [...scopes],
    steps: clientIdSteps(row.domainName, scopes),
  };
}

/** The newest row per subject; rows without a subject stand alone. */
function newestPerSubject<T extends { uid: string; lastOccurredAt: Date }>(
  rows: T[],
  subject: (row: T) => string | null,
): T[] {
  const newest = new Map<string, T>();
  for (const row of rows) {
    const key = subject(row) ?? `uid:${row.uid}`;
    const held = newest.get(key);
    if (!held || row.lastOccurredAt.getTime() > held.lastOccurredAt.getTime()) newest.set(key, row);
  }
  return [...newest.values()];
}

const byTime = (a: Banner, b: Banner) => a.updatedAt.localeCompare(b.updatedAt) || a.key.localeCompare(b.key);

/** Consent banners first (they come first in the flow), then client-ID banners; oldest first within each. */
export function bannersFor(
  consents: ConsentRequestRow[],
  clientIds: ClientIdRequestRow[],
  consentHosts: readonly string[] = DEFAULT_CONSENT_URL_HOSTS,
  scopes: readonly string[] = [],
): Banner[] {
  const consent = newestPerSubject(consents, (r) => r.mailboxId)
    .map((row) => consentBanner(row, consentHosts))
    .filter((b): b is Banner => b !== null);
  const clientId = newestPerSubject(clientIds, (r) => r.domainName?.toLowerCase() ?? null)
    .map((row) => clientIdBanner(row, scopes))
    .filter((b): b is Banner => b !== null);
  return [...consent.sort(byTime), ...clientId.sort(byTime)];
}

/** A sentence for the role="status" region when the set of banners changes. */
export function announceChange(before: PublicBanner[], after: PublicBanner[]): string | null {
  const was = new Map(before.map((b) => [b.key, b]));
  const now = new Map(after.map((b) => [b.key, b]));
  const parts: string[] = [];
  for (const [key, banner] of was) {
    if (!now.has(key)) parts.push(`${bannerSubject(banner)} is done.`);
  }
  for (const [key, banner] of now) {
    const old = was.get(key);
    if (!old) parts.push(`New: ${bannerTitle(banner)}.`);
    else if (old.state !== banner.state) parts.push(`Updated: ${bannerTitle(banner)}.`);
  }
  return parts.length ? parts.join(" ") : null;
}

function bannerSubject(b: PublicBanner): string {
  return b.requestType === "consent_request"
    ? `Access for ${b.mailbox ?? "your mailbox"}`
    : `The client ID for ${b.domainName ?? "your domain"}`;
}

export function bannerTitle(b: PublicBanner): string {
  switch (b.state) {
    case "grant_access":
      return `Grant ${b.provider} access${b.mailbox ? ` for ${b.mailbox}` : ""}`;
    case "add_client_id":
      return `Add a client ID in Google Admin Console${b.domainName ? ` for ${b.domainName}` : ""}`;
    case "failed": {
      const subject =
        b.requestType === "consent_request"
          ? `access for ${b.mailbox ?? "your mailbox"}`
          : `the client ID for ${b.domainName ?? "your domain"}`;
      return b.status === "errored"
        ? `Setting up ${subject} ran into an error`
        : `Setting up ${subject} did not go through`;
    }
    case "in_progress":
      return b.message;
  }
}
