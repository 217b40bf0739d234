// The InboxKit route handler called with real Requests against a real, freshly migrated database:
// every answer code, what is stored for each, redaction, both envelopes, unknown values.
import { afterEach, describe, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { closeDatabase } from "@/lib/db/client";
import { sqlitePath } from "@/lib/db/provider";
import { providers } from "../helpers/db";
import {
  clientIdEvent,
  configureInboxKit,
  useInboxKitDatabase,
  consentEvent,
  domainEvent,
  mailboxEvent,
  signedRequest,
} from "../helpers/inboxkit";
import { dumpAll } from "../helpers/rows";

const SECRETS = ["Mb!xyzAB8921", "app-Xy9!pq7M", "totp-SECRET-42"];
const T0 = "2024-01-10T16:45:30.456Z";

describe.each(await providers())("POST /api/webhooks/inboxkit on %s", (provider) => {
  const t = useInboxKitDatabase(provider);
  afterEach(() => {
    configureInboxKit();
    resetConfig();
  });

  const post = async (request: Request) => {
    const response = await POST(request);
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  const lastRejection = () => t.db.prisma.rejectedDelivery.findFirstOrThrow({ orderBy: { id: "desc" } });

  it("accepts a delivery, stores the event and applies it", async () => {
    const res = await post(
      signedRequest(mailboxEvent("mb-accept", "active", T0, { previous_status: "configuring_auth" })),
    );
    expect(res).toMatchObject({ status: 200, body: { received: true, outcome: "applied", duplicate: false } });
    const mailbox = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-accept" } });
    expect(mailbox).toMatchObject({
      status: "active",
      previousStatus: "configuring_auth",
      platform: "GOOGLE",
      workspaceId: "ws-1",
      teamId: "team-1",
      domainName: "example.com",
      domainId: "dom-1",
      email: "jane.mb-accept@example.com",
      lastOccurredAt: new Date(T0),
    });
    expect(mailbox.credentialsFingerprint).toMatch(/^[0-9a-f]{32}$/);
    const event = await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: res.body.event_id } });
    expect(event).toMatchObject({
      vendor: "inboxkit",
      eventType: "mailbox.status_changed",
      entityType: "mailbox",
      entityUid: "mb-accept",
      status: "active",
      previousStatus: "configuring_auth",
      outcome: "applied",
      duplicateCount: 1,
      occurredAtSource: "metadata",
    });
  });

  it("answers a duplicate 200, bumps its count and changes nothing else", async () => {
    const body = domainEvent("d-dup", "active", T0);
    const first = await post(signedRequest(body));
    const before = await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-dup" } });
    const second = await post(signedRequest(body));
    expect(second).toMatchObject({
      status: 200,
      body: { received: true, duplicate: true, event_id: first.body.event_id, outcome: "applied" },
    });
    expect(await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-dup" } })).toEqual(before);
    expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: "d-dup" } })).toBe(1);
    expect(
      (await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: first.body.event_id } })).duplicateCount,
    ).toBe(2);
  });

  it("a retry of a body without timestamps is a duplicate, though its header time differs (issue 10 item 14)", async () => {
    const body = domainEvent("d-untimed", "active", T0) as Record<string, unknown> & { data: { metadata: object } };
    delete body.timestamp;
    body.data.metadata = { workspace_id: "ws-1" };
    const first = await post(signedRequest(body, { headers: { "x-inboxkit-timestamp": "2024-01-10T10:00:00.000Z" } }));
    const retry = await post(signedRequest(body, { headers: { "x-inboxkit-timestamp": "2024-01-10T10:00:40.000Z" } }));
    const untimed = await post(signedRequest(body, { headers: { "x-inboxkit-timestamp": null } }));
    expect(first.body).toMatchObject({ outcome: "applied", duplicate: false });
    expect(retry.body).toMatchObject({ event_id: first.body.event_id, duplicate: true });
    expect(untimed.body).toMatchObject({ event_id: first.body.event_id, duplicate: true });
    expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: "d-untimed" } })).toBe(1);
    // A later event, then a late retry of the first: the retry changes nothing (it is not a new event).
    const later = structuredClone(body) as typeof body & { data: { domain: { status: string } } };
    later.data.domain.status = "failed";
    const at = (time: string) => ({ headers: { "x-inboxkit-timestamp": time } });
    expect((await post(signedRequest(later, at("2024-01-10T11:00:00.000Z")))).body.outcome).toBe("applied");
    expect((await post(signedRequest(body, at("2024-01-10T12:00:00.000Z")))).body.duplicate).toBe(true);
    expect(await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-untimed" } })).toMatchObject({
      status: "failed",
      lastOccurredAt: new Date("2024-01-10T11:00:00.000Z"),
    });
  });

  it("stores an older event as stale without changing the state", async () => {
    await post(signedRequest(consentEvent("c-stale", "processing", "2024-01-10T17:00:00.000Z")));
    const late = await post(signedRequest(consentEvent("c-stale", "pending", "2024-01-10T16:00:00.000Z")));
    expect(late).toMatchObject({ status: 200, body: { outcome: "stale", duplicate: false } });
    expect((await t.db.prisma.consentRequest.findUniqueOrThrow({ where: { uid: "c-stale" } })).status).toBe(
      "processing",
    );
    expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: "c-stale" } })).toBe(2);
  });

  it("never lets a terminal state regress, even to a newer event", async () => {
    await post(signedRequest(clientIdEvent("k-term", "completed", "2024-01-10T17:00:00.000Z")));
    const later = await post(signedRequest(clientIdEvent("k-term", "pending", "2024-01-10T18:00:00.000Z")));
    expect(later.body.outcome).toBe("stale");
    expect((await t.db.prisma.clientIdRequest.findUniqueOrThrow({ where: { uid: "k-term" } })).status).toBe(
      "completed",
    );
  });

  it("accepts the older envelope (top-level workspace_id, data.change_details)", async () => {
    const body = {
      event: "domain.status_changed",
      timestamp: "2024-01-10T15:30:45.123Z",
      team_id: "team-abc",
      team_name: "Marketing Team",
      workspace_id: "ws_older",
      data: {
        domain: {
          uid: "d-older",
          name: "yourdomain.com",
          tld: "com",
          status: "active",
          previous_status: "pending",
          dns_propagation_status: "completed",
          nameservers: ["ns1.inboxkit.com"],
          connection_type: "dns",
          assigned_mailboxes: 0,
          available_mailboxes: 50,
          tags: ["production"],
          renewal_date: "2025-01-10T00:00:00.000Z",
          renewal_status: "not_due",
        },
        change_details: {
          reason: "DNS propagation completed successfully",
          changed_fields: ["status"],
          triggered_by: "system",
        },
      },
    };
    expect((await post(signedRequest(body))).status).toBe(200);
    const domain = await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-older" } });
    expect(domain).toMatchObject({
      workspaceId: "ws_older",
      status: "active",
      renewalDate: new Date("2025-01-10T00:00:00.000Z"),
      nameservers: '["ns1.inboxkit.com"]',
    });
    expect(JSON.parse(domain.changeDetails!).reason).toBe("DNS propagation completed successfully");
  });

  it("stores unknown events as ignored, and unknown statuses and platforms as they are", async () => {
    const unknown = await post(
      signedRequest({ event: "workspace.renamed", timestamp: T0, data: { workspace: { uid: "w" } } }),
    );
    expect(unknown).toMatchObject({ status: 200, body: { received: true, outcome: "ignored" } });
    expect(await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: unknown.body.event_id } })).toMatchObject({
      eventType: "workspace.renamed",
      entityType: null,
      outcome: "ignored",
    });
    const odd = await post(signedRequest(mailboxEvent("mb-odd", "teleporting", T0, { platform: "YAHOO" })));
    expect(odd.body.outcome).toBe("applied");
    expect(await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-odd" } })).toMatchObject({
      status: "teleporting",
      platform: "YAHOO",
    });
  });

  it("accepts application/json with a charset", async () => {
    const res = await post(
      signedRequest(domainEvent("d-charset", "active", T0), {
        headers: { "content-type": "application/json; charset=utf-8" },
      }),
    );
    expect(res.status).toBe(200);
  });

  it("401: a request without a signature, recorded as missing_signature", async () => {
    const res = await post(
      signedRequest(domainEvent("d-nosig", "active", T0), { headers: { "x-inboxkit-signature": null } }),
    );
    expect(res).toMatchObject({ status: 401, body: { error: { code: "missing_signature" } } });
    expect(await lastRejection()).toMatchObject({ vendor: "inboxkit", reason: "missing_signature" });
    expect(await t.db.prisma.domain.findUnique({ where: { uid: "d-nosig" } })).toBeNull();
  });

  it("401: a bad signature, recorded with the scheme it would have matched and no signature value", async () => {
    process.env.INBOXKIT_SIGNATURE_SCHEME = "hmac-sha256";
    resetConfig();
    const body = domainEvent("d-badsig", "active", T0);
    const res = await post(
      signedRequest(body, { scheme: "api-key-sha256", headers: { "x-forwarded-for": "203.0.113.9" } }),
    );
    expect(res).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });
    const rejection = await lastRejection();
    expect(rejection).toMatchObject({
      reason: "bad_signature",
      matchedScheme: "api-key-sha256",
      size: JSON.stringify(body).length,
    });
    expect(rejection.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    const headers = JSON.parse(rejection.headers);
    expect(headers).toMatchObject({
      "x-inboxkit-event": "domain.status_changed",
      "user-agent": "InboxKit-Webhook/1.0",
      "x-forwarded-for": "203.0.113.9",
    });
    expect(headers["x-inboxkit-signature"]).toBeUndefined();
    expect(rejection.payload).toBeNull();
  });

  it("401: a signature from a key that is not configured, matching no scheme", async () => {
    const res = await post(signedRequest(domainEvent("d-wrongkey", "active", T0), { secret: "someone-else" }));
    expect(res.status).toBe(401);
    expect(await lastRejection()).toMatchObject({ reason: "bad_signature", matchedScheme: null });
  });

  it("200 for a delivery signed with a rotated-in key while the old one still works", async () => {
    configureInboxKit("api-key-sha256", "old_key, new_key");
    resetConfig();
    expect((await post(signedRequest(domainEvent("d-rot1", "active", T0), { secret: "old_key" }))).status).toBe(200);
    expect((await post(signedRequest(domainEvent("d-rot2", "active", T0), { secret: "new_key" }))).status).toBe(200);
  });

  it.each([["text/plain"], ["application/x-www-form-urlencoded"], [null]])("415: content type %s", async (type) => {
    const res = await post(signedRequest(domainEvent("d-415", "active", T0), { headers: { "content-type": type } }));
    expect(res).toMatchObject({ status: 415, body: { error: { code: "bad_content_type" } } });
    expect((await lastRejection()).reason).toBe("bad_content_type");
  });

  it("413: a declared length over 256 KiB is refused unread", async () => {
    const big = Buffer.alloc(256 * 1024 + 1, 0x20);
    const res = await post(signedRequest(big, { headers: { "content-length": String(big.length) } }));
    expect(res).toMatchObject({ status: 413, body: { error: { code: "too_large" } } });
    expect(await lastRejection()).toMatchObject({ reason: "too_large", size: big.length });
  });

  it("413: a streamed body stops being read at the cap", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        controller.enqueue(chunk);
        if (sent > 10 * 1024 * 1024) controller.close();
      },
    });
    const template = signedRequest("{}");
    const request = new Request(template.url, {
      method: "POST",
      headers: template.headers,
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await post(request);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024); // read stopped near 256 KiB, not at the 10 MiB the sender had
  });

  it("400: a correctly signed body that is not JSON", async () => {
    const res = await post(signedRequest('{"event": "domain.status_changed",'));
    expect(res).toMatchObject({ status: 400, body: { error: { code: "malformed_json" } } });
    expect(await lastRejection()).toMatchObject({ reason: "malformed_json", payload: null });
  });

  it("400 too_deep: signed JSON nested thousands deep is refused and recorded, never a 5xx", async () => {
    for (const [open, close, inner] of [
      ['{"a":', "}", "1"],
      ["[", "]", "1"],
      ['{"a":', "}", '"\\u0000"'],
    ]) {
      const data = `${open.repeat(3000)}${inner}${close.repeat(3000)}`;
      const res = await post(
        signedRequest(`{"event":"mailbox.status_changed","timestamp":"2024-01-10T16:45:30.456Z","data":${data}}`),
      );
      expect(res).toMatchObject({ status: 400, body: { error: { code: "too_deep" } } });
      expect(await lastRejection()).toMatchObject({ reason: "too_deep", payload: null });
    }
  });

  it("400: a malformed body's secrets appear neither in the answer nor in the stored reason", async () => {
    for (const body of [
      '{"data":{"mailbox":{"password":"Mb!xyzAB8921" "x"}}}',
      "Mb!xyzAB8921",
      '{"password": Mb!xyzAB8921}',
    ]) {
      const response = await POST(signedRequest(body));
      const text = await response.text();
      expect(response.status).toBe(400);
      const rejection = await lastRejection();
      expect(rejection.reason).toBe("malformed_json");
      expect(text + JSON.stringify(rejection)).not.toContain("Mb!xyzAB8921");
    }
  });

  it("400: a payload that fails the schema is kept without its credentials", async () => {
    const body = mailboxEvent("mb-invalid", "", T0); // empty status
    const res = await post(signedRequest(body));
    expect(res).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });
    expect(res.body.error.message).toContain("status");
    const rejection = await lastRejection();
    expect(rejection.reason).toBe("invalid_payload");
    expect(JSON.parse(rejection.payload!).data.mailbox.uid).toBe("mb-invalid");
    for (const secret of SECRETS) expect(rejection.payload).not.toContain(secret);
  });

  it("keeps credentials nested in the older envelope's change_details out of storage", async () => {
    const body = {
      ...domainEvent("d-change-secret", "active", T0),
      data: {
        ...domainEvent("d-change-secret", "active", T0).data,
        change_details: { reason: "rotated", password: "Mb!xyzAB8921", nested: [{ app_password: "app-Xy9!pq7M" }] },
      },
    };
    expect((await post(signedRequest(body))).status).toBe(200);
    const domain = await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-change-secret" } });
    expect(JSON.parse(domain.changeDetails!)).toEqual({ reason: "rotated", nested: [{}] });
  });

  it("stores a string holding U+0000 (PostgreSQL text cannot) with the character replaced", async () => {
    const res = await post(signedRequest(mailboxEvent("mb-nul", "active", T0, { first_name: "Ja\u0000ne" })));
    expect(res.status).toBe(200);
    expect((await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-nul" } })).firstName).toBe("Ja\uFFFDne");
  });

  it("accepts a workspace id too long for a live notice; pages are told to revalidate instead", async () => {
    const body = domainEvent("d-long-ws", "active", T0);
    (body.data.metadata as Record<string, unknown>).workspace_id = "w".repeat(9000);
    expect((await post(signedRequest(body))).status).toBe(200);
    // Ids are cut at 200 characters and the cut flagged (issue 10 item 4: PostgreSQL cannot index 4,000 random ones).
    expect((await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-long-ws" } })).workspaceId).toHaveLength(200);
  });

  it("keeps credentials out of every table and every answer", async () => {
    const res = await POST(signedRequest(mailboxEvent("mb-secret", "active", "2024-02-01T00:00:00.000Z")));
    const text = await res.text();
    const everything = (await dumpAll(t.db)) + text;
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect(everything).toContain("mb-secret"); // the dump does contain the delivery itself
  });

  it("503 with Retry-After when the database cannot be reached; the retry then succeeds", async () => {
    const good = process.env.DATABASE_URL!;
    await closeDatabase();
    // A SQLite path under a regular file cannot be created; nothing listens on PostgreSQL port 1.
    const blocker = join(mkdtempSync(join(tmpdir(), "dashboard-503-")), "a-file");
    writeFileSync(blocker, "");
    process.env.DATABASE_URL =
      provider === "sqlite" ? `file:${blocker}/sub/dashboard.db` : "postgres://postgres@127.0.0.1:1/nowhere";
    const body = domainEvent("d-503", "active", T0);
    const res = await post(signedRequest(body));
    expect(res).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
    expect(res.headers.get("retry-after")).toBe("5");
    await closeDatabase();
    process.env.DATABASE_URL = good;
    t.db = (await import("@/lib/db/client")).database();
    expect((await post(signedRequest(body))).status).toBe(200);
    expect(await t.db.prisma.domain.findUnique({ where: { uid: "d-503" } })).not.toBeNull();
  });

  // SQLite only: PostgreSQL has row locks, not a database-wide write lock to hold.
  if (provider === "sqlite")
    it("503 when the database stays busy past its timeout; nothing half-written", async () => {
      await closeDatabase();
      process.env.SQLITE_BUSY_TIMEOUT_MS = "150";
      const blocker = new BetterSqlite3(sqlitePath(process.env.DATABASE_URL!));
      try {
        blocker.prepare("BEGIN IMMEDIATE").run(); // another writer holds the lock
        const body = consentEvent("c-busy", "pending", T0);
        const res = await post(signedRequest(body));
        expect(res.status).toBe(503);
        blocker.prepare("ROLLBACK").run();
        expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: "c-busy" } })).toBe(0);
        expect((await post(signedRequest(body))).body).toMatchObject({ outcome: "applied", duplicate: false });
      } finally {
        blocker.close();
        delete process.env.SQLITE_BUSY_TIMEOUT_MS;
        await closeDatabase();
        t.db = (await import("@/lib/db/client")).database();
      }
    });
});
