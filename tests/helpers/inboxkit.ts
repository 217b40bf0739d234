// Builds InboxKit deliveries exactly as the vendor sends them, correctly signed; a test changes one
// thing (a header, a field, a byte) and sees what that one change does.
import { afterAll, beforeAll, expect } from "vitest";
import { POST as inboxKitPOST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import type { Provider } from "@/lib/db/provider";
import { inboxKitSignature, type InboxKitScheme } from "@/lib/webhooks/inboxkit/verify";
import { freshDatabase, type TestDatabase } from "./db";

export const TEST_SECRET = "test_api_key";
export const TEST_FINGERPRINT_KEY = "test-fingerprint-key-0123456789";

export function configureInboxKit(scheme: InboxKitScheme = "api-key-sha256", secrets = TEST_SECRET): void {
  process.env.INBOXKIT_WEBHOOK_SECRETS = secrets;
  process.env.INBOXKIT_SIGNATURE_SCHEME = scheme;
  process.env.CREDENTIAL_FINGERPRINT_KEY = TEST_FINGERPRINT_KEY;
}

type Entity = Record<string, unknown> & { uid: string; status: string };

export function envelope(
  event: string,
  entityKey: string,
  entity: Entity,
  updatedAt: string,
  metadata: Record<string, unknown> = {},
) {
  return {
    event,
    timestamp: updatedAt,
    team_id: "team-1",
    team_name: "Marketing Team",
    data: { [entityKey]: entity, metadata: { updated_at: updatedAt, workspace_id: "ws-1", ...metadata } },
  };
}

export const domainEvent = (uid: string, status: string, updatedAt: string, extra: Record<string, unknown> = {}) =>
  envelope(
    "domain.status_changed",
    "domain",
    {
      uid,
      name: `${uid}.example.com`,
      tld: "com",
      status,
      previous_status: null,
      dns_propagation_status: "pending",
      nameservers: ["ns1.inboxkit.com"],
      renewal_date: null,
      renewal_status: "na",
      registration_years: 1,
      registration_date: "2024-01-10T00:00:00.000Z",
      price: 12.99,
      connection_type: "purchased",
      forwarding_url: "",
      forwarding_email: "",
      forwarding_status: "",
      enable_mask_forwarding: false,
      dmarc_email: "",
      catch_all_email: "",
      assigned_mailboxes: 0,
      available_mailboxes: 50,
      tags: ["production"],
      ...extra,
    },
    updatedAt,
  );

export const mailboxEvent = (uid: string, status: string, updatedAt: string, extra: Record<string, unknown> = {}) =>
  envelope(
    "mailbox.status_changed",
    "mailbox",
    {
      uid,
      email: `jane.${uid}@example.com`,
      username: `jane.${uid}`,
      first_name: "Jane",
      last_name: "Doe",
      profile_picture: "",
      status,
      previous_status: null,
      platform: "GOOGLE",
      renewal_date: null,
      renewal_status: "na",
      is_admin: false,
      password: "Mb!xyzAB8921",
      app_password: "app-Xy9!pq7M",
      secret: "totp-SECRET-42",
      is_add_on: false,
      ...extra,
    },
    updatedAt,
    { domain_id: "dom-1", domain_name: "example.com" },
  );

export const consentEvent = (uid: string, status: string, updatedAt: string, extra: Record<string, unknown> = {}) =>
  envelope(
    "consent_request.status_changed",
    "consent_request",
    {
      uid,
      status,
      previous_status: null,
      consent_url: "https://accounts.google.com/o/oauth2/v2/auth?client_id=x",
      status_text: "",
      status_reason: "",
      retry_count: 0,
      max_retries: 3,
      completed_at: null,
      ...extra,
    },
    updatedAt,
    { mailbox_id: "mb-1" },
  );

export const clientIdEvent = (uid: string, status: string, updatedAt: string, extra: Record<string, unknown> = {}) =>
  envelope(
    "client_id_request.status_changed",
    "client_id_request",
    {
      uid,
      status,
      previous_status: null,
      domain_name: "example.com",
      client_id: "1234567890-abcdefgh.apps.googleusercontent.com",
      status_text: "",
      status_reason: "",
      retry_count: 0,
      max_retries: 3,
      completed_at: null,
      ...extra,
    },
    updatedAt,
  );

export type DeliveryOptions = {
  scheme?: InboxKitScheme;
  secret?: string;
  headers?: Record<string, string | null>;
  url?: string;
};

export function signedRequest(body: unknown, options: DeliveryOptions = {}): Request {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const signature = inboxKitSignature(options.scheme ?? "api-key-sha256", options.secret ?? TEST_SECRET, raw).toString(
    "hex",
  );
  const event =
    typeof body === "object" && body !== null && !Buffer.isBuffer(body)
      ? String((body as { event?: unknown }).event)
      : "unknown";
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "InboxKit-Webhook/1.0",
    "x-inboxkit-event": event,
    "x-inboxkit-timestamp": new Date().toISOString(),
    "x-inboxkit-signature": `sha256=${signature}`,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return new Request(options.url ?? "http://localhost/api/webhooks/inboxkit", {
    method: "POST",
    headers,
    body: new Uint8Array(raw),
  });
}

/** Delivers `body` signed through the InboxKit route handler and asserts a 200 (the answer in the failure message). */
export async function deliverAccepted(body: unknown): Promise<void> {
  const response = await inboxKitPOST(signedRequest(body));
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(200);
}

/**
 * For a describe block: InboxKit configured with the test secret and a fresh database of `provider`
 * for the block's tests, dropped afterwards. The returned object is filled in before the first test.
 */
export function useInboxKitDatabase(provider: Provider): TestDatabase {
  const t = {} as TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    resetConfig();
    Object.assign(t, await freshDatabase(provider));
  });
  afterAll(async () => t.drop());
  return t;
}
