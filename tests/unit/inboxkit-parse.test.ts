import { describe, expect, it } from "vitest";
import { parseInboxKit, type ParseContext } from "@/lib/webhooks/inboxkit/parse";
import { clientIdEvent, consentEvent, domainEvent, mailboxEvent, TEST_FINGERPRINT_KEY } from "../helpers/inboxkit";

const ctx = (over: Partial<ParseContext> = {}): ParseContext => ({
  timestampHeader: "2024-01-10T15:30:45.999Z",
  receivedAt: new Date("2024-01-11T00:00:00.000Z"),
  fingerprintKey: TEST_FINGERPRINT_KEY,
  rawBody: Buffer.from("{}"),
  ...over,
});

function parsed(json: unknown, over: Partial<ParseContext> = {}) {
  const result = parseInboxKit(json, ctx(over));
  if (!result.ok) throw new Error(result.detail);
  return result.delivery;
}

// The older page's example: top-level workspace_id and data.change_details instead of data.metadata.
const OLDER_ENVELOPE = {
  event: "domain.status_changed",
  timestamp: "2024-01-10T15:30:45.123Z",
  team_id: "team-abc123def456",
  team_name: "Marketing Team",
  workspace_id: "ws_456def789abc",
  data: {
    domain: {
      uid: "domain-xyz789ghi012",
      name: "yourdomain.com",
      tld: "com",
      status: "active",
      previous_status: "pending",
      dns_propagation_status: "completed",
      nameservers: ["ns1.inboxkit.com", "ns2.inboxkit.com"],
      connection_type: "dns",
      assigned_mailboxes: 0,
      available_mailboxes: 50,
      tags: ["production", "marketing"],
      renewal_date: "2025-01-10T00:00:00.000Z",
      renewal_status: "not_due",
    },
    change_details: {
      reason: "DNS propagation completed successfully",
      changed_fields: ["status", "dns_propagation_status"],
      triggered_by: "system",
    },
  },
};

describe("InboxKit envelopes", () => {
  it("reads the current envelope (data.metadata)", () => {
    const d = parsed(domainEvent("d1", "active", "2024-01-10T15:30:45.123Z"));
    expect(d.entity?.type).toBe("domain");
    expect(d.workspaceId).toBe("ws-1");
    expect(d.occurredAt.toISOString()).toBe("2024-01-10T15:30:45.123Z");
    expect(d.occurredAtSource).toBe("metadata");
  });

  it("reads the older envelope (top-level workspace_id, data.change_details)", () => {
    const d = parsed(OLDER_ENVELOPE);
    expect(d.entity).toMatchObject({
      type: "domain",
      fields: { uid: "domain-xyz789ghi012", status: "active", previous_status: "pending" },
    });
    expect(d.workspaceId).toBe("ws_456def789abc");
    expect(d.occurredAtSource).toBe("envelope");
    expect(JSON.parse(d.changeDetails!)).toMatchObject({ reason: "DNS propagation completed successfully" });
  });

  it("takes the event time from metadata, else envelope, else header, else receipt", () => {
    const body = mailboxEvent("m1", "active", "2024-01-10T16:45:30.456Z");
    expect(parsed(body).occurredAtSource).toBe("metadata");
    const noMeta = { ...body, data: { mailbox: body.data.mailbox } };
    expect(parsed(noMeta).occurredAtSource).toBe("envelope");
    const noTimestamp = { ...noMeta, timestamp: undefined };
    expect(parsed(noTimestamp)).toMatchObject({
      occurredAtSource: "header",
      occurredAt: new Date("2024-01-10T15:30:45.999Z"),
    });
    expect(parsed(noTimestamp, { timestampHeader: "yesterday" })).toMatchObject({ occurredAtSource: "received" });
  });

  it("parses all four events", () => {
    const at = "2024-01-10T17:05:00.000Z";
    expect(parsed(consentEvent("c1", "pending", at)).entity).toMatchObject({
      type: "consent_request",
      fields: { consent_url: expect.stringContaining("https://") },
    });
    expect(parsed(clientIdEvent("k1", "pending", at)).entity).toMatchObject({
      type: "client_id_request",
      fields: { domain_name: "example.com" },
    });
    expect(parsed(consentEvent("c1", "pending", at)).metadata.mailbox_id).toBe("mb-1");
  });
});

describe("InboxKit validation", () => {
  it.each([
    ["no event", { data: {} }, "event"],
    ["empty event", { event: "", data: {} }, "event"],
    ["entity missing", { event: "mailbox.status_changed", data: {} }, "data.mailbox"],
    ["entity not an object", { event: "mailbox.status_changed", data: { mailbox: [1] } }, "data.mailbox"],
    ["no uid", { event: "mailbox.status_changed", data: { mailbox: { status: "active" } } }, "uid"],
    ["no status", { event: "domain.status_changed", data: { domain: { uid: "d" } } }, "status"],
    ["not an object", [1, 2], "body"],
  ])("refuses a payload with %s", (_name, json, mentions) => {
    const result = parseInboxKit(json, ctx());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail).toContain(mentions);
  });

  it("stores unknown events as ignored, keyed by the body", () => {
    const d = parsed({ event: "workspace.renamed", data: { anything: 1 } }, { rawBody: Buffer.from("abc") });
    expect(d.entity).toBeNull();
    expect(d.dedupeKey).toMatch(/^body:[0-9a-f]{64}$/);
  });

  it("keeps unknown status and platform values, and warns about the platform", () => {
    const d = parsed(mailboxEvent("m1", "quantum_state", "2024-01-10T16:45:30.456Z", { platform: "YAHOO" }));
    expect(d.entity?.fields.status).toBe("quantum_state");
    expect(d.warnings).toEqual(["unknown mailbox platform YAHOO on m1"]);
  });

  it("treats descriptive fields of an unexpected type as absent instead of refusing the delivery", () => {
    const d = parsed(
      domainEvent("d1", "active", "2024-01-10T15:30:45.123Z", { price: "12.99", tags: "x", renewal_date: "soon" }),
    );
    expect(d.entity?.fields).toMatchObject({ price: null, tags: [], renewal_date: null });
    expect(JSON.parse(d.payload).data.domain.price).toBe("12.99"); // nothing is lost: the payload keeps it
  });
});

describe("credentials", () => {
  const body = mailboxEvent("m1", "active", "2024-01-10T16:45:30.456Z");

  it("removes password, app_password and secret from the stored payload", () => {
    const d = parsed(body);
    for (const secret of ["Mb!xyzAB8921", "app-Xy9!pq7M", "totp-SECRET-42"]) expect(d.payload).not.toContain(secret);
    expect(d.payload).not.toMatch(/password|"secret"/);
    expect(JSON.stringify(d.entity)).not.toMatch(/Mb!xyz|app-Xy9|totp-SECRET/);
  });

  it("keeps a keyed fingerprint that changes when the credentials change", () => {
    const a = parsed(body).credentialsFingerprint;
    const b = parsed(
      mailboxEvent("m1", "active", "2024-01-10T16:45:30.456Z", { password: "new-password" }),
    ).credentialsFingerprint;
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
    expect(parsed(body, { fingerprintKey: "another-key-0123456789" }).credentialsFingerprint).not.toBe(a);
  });

  it("has no fingerprint when the payload carries no credentials", () => {
    const { password: _p, app_password: _a, secret: _s, ...mailbox } = body.data.mailbox as Record<string, unknown>;
    expect(parsed({ ...body, data: { ...body.data, mailbox } }).credentialsFingerprint).toBeNull();
  });
});

describe("dedupe keys", () => {
  it("is the same for a retried delivery and differs per transition", () => {
    const a = parsed(mailboxEvent("m1", "active", "2024-01-10T16:45:30.456Z")).dedupeKey;
    expect(parsed(mailboxEvent("m1", "active", "2024-01-10T16:45:30.456Z"), { timestampHeader: null }).dedupeKey).toBe(
      a,
    );
    expect(parsed(mailboxEvent("m1", "inactive", "2024-01-10T16:45:30.456Z")).dedupeKey).not.toBe(a);
    expect(parsed(mailboxEvent("m1", "active", "2024-01-10T16:45:31.456Z")).dedupeKey).not.toBe(a);
    expect(parsed(mailboxEvent("m2", "active", "2024-01-10T16:45:30.456Z")).dedupeKey).not.toBe(a);
  });
});
