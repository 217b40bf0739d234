// The Inkbox route handler called with real Requests against a real, freshly migrated database on
// every provider: each answer code, what is stored for each, duplicates and replays, no message body
// anywhere, unknown events, the 2 MiB cap, and the pipeline it shares with InboxKit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/inkbox/route";
import { POST as postInboxKit } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { subscribe } from "@/lib/live/bus";
import { type ChangeNotice } from "@/lib/live/notice";
import { inkboxMessageEvent, signInkbox, type SimMessage } from "@/lib/simulator/inkbox";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";
import { dumpAll } from "../helpers/rows";

const KEY = "whsec_integration_inkbox_key";
const URL_ = "http://localhost/api/webhooks/inkbox";
const BODY_TEXT = "Confidential: the quarterly numbers are attached";

function configureInkbox(keys = KEY): void {
  configureInboxKit();
  process.env.INKBOX_SIGNING_KEYS = keys;
  resetConfig();
}

let n = 0;
function message(mailbox: string, overrides: Partial<SimMessage> = {}): SimMessage {
  n += 1;
  return {
    id: `msg_it_${n}`,
    mailboxEmail: mailbox,
    direction: "outbound",
    from: mailbox,
    to: ["maria@acme.com"],
    subject: `Subject ${n}`,
    createdAt: new Date(Date.now() - 60_000),
    ...overrides,
  };
}

type RequestOptions = { secret?: string; requestId?: string; sentAt?: Date; headers?: Record<string, string | null> };

function inkboxRequest(payload: unknown, options: RequestOptions = {}): Request {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const signed = signInkbox(body, {
    secret: options.secret ?? KEY,
    requestId: options.requestId,
    sentAt: options.sentAt,
  });
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return new Request(URL_, { method: "POST", headers, body });
}

describe.each(await providers())("POST /api/webhooks/inkbox on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInkbox();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());
  afterEach(() => configureInkbox());

  const post = async (request: Request) => {
    const response = await POST(request);
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  const lastRejection = () => t.db.prisma.rejectedDelivery.findFirstOrThrow({ orderBy: { id: "desc" } });
  const at = () => new Date(Date.now() - 30_000);

  it("accepts a message event: one webhook_events row on the mailbox, one mail_activity row", async () => {
    const m = message("jane@northwind.com", { cc: ["boss@northwind.com"] });
    const res = await post(inkboxRequest(inkboxMessageEvent("message.sent", m, { at: at(), id: "evt_accept" })));
    expect(res).toMatchObject({ status: 200, body: { received: true, outcome: "applied", duplicate: false } });
    const event = await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: res.body.event_id } });
    expect(event).toMatchObject({
      vendor: "inkbox",
      eventType: "message.sent",
      entityType: "mail_message",
      entityUid: "jane@northwind.com",
      status: "sent",
      outcome: "applied",
      dedupeKey: "inkbox:event:evt_accept",
      duplicateCount: 1,
      occurredAtSource: "envelope",
      workspaceId: null,
    });
    const activity = await t.db.prisma.mailActivity.findUniqueOrThrow({
      where: { dedupeKey: "inkbox:event:evt_accept" },
    });
    expect(activity).toMatchObject({
      mailboxEmail: "jane@northwind.com",
      mailboxEmailSource: "email_address",
      eventType: "message.sent",
      messageUid: m.id,
      direction: "outbound",
      status: "sent",
      fromAddress: "jane@northwind.com",
      toAddresses: '["maria@acme.com"]',
      ccAddresses: '["boss@northwind.com"]',
      subject: m.subject,
      hasAttachments: false,
      bounceReason: null,
      messageCreatedAt: m.createdAt,
      occurredAt: event.occurredAt,
    });
  });

  it("files the event under the workspace of the InboxKit mailbox with that address", async () => {
    expect((await postInboxKit(signedRequest(mailboxEvent("mb-ink", "active", new Date().toISOString())))).status).toBe(
      200,
    );
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.delivered", message("jane.mb-ink@example.com"), { at: at() })),
    );
    expect((await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: res.body.event_id } })).workspaceId).toBe(
      "ws-1",
    );
  });

  it("a retry or replay (new request id and timestamp, same envelope id) is stored once and counted", async () => {
    const payload = inkboxMessageEvent("message.bounced", message("dup@northwind.com"), { at: at(), id: "evt_dup" });
    const first = await post(inkboxRequest(payload, { requestId: "req_a", sentAt: new Date(Date.now() - 120_000) }));
    const second = await post(inkboxRequest(payload, { requestId: "req_b", sentAt: new Date(Date.now() - 60_000) }));
    const third = await post(inkboxRequest(payload, { requestId: "req_c" }));
    expect(first.body).toMatchObject({ outcome: "applied", duplicate: false });
    for (const res of [second, third])
      expect(res).toMatchObject({
        status: 200,
        body: { duplicate: true, event_id: first.body.event_id, outcome: "applied" },
      });
    expect(await t.db.prisma.webhookEvent.count({ where: { dedupeKey: "inkbox:event:evt_dup" } })).toBe(1);
    expect(
      (await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: first.body.event_id } })).duplicateCount,
    ).toBe(3);
    expect(await t.db.prisma.mailActivity.count({ where: { mailboxEmail: "dup@northwind.com" } })).toBe(1);
  });

  it("an older payload without an id is deduplicated on event type + message id, and filed under its sender", async () => {
    const m = message("Legacy.Sender@Northwind.com");
    const payload = inkboxMessageEvent("message.delivered", m, { at: at(), legacy: true });
    await post(inkboxRequest(payload));
    const again = await post(inkboxRequest(payload));
    expect(again.body.duplicate).toBe(true);
    const other = await post(inkboxRequest(inkboxMessageEvent("message.sent", m, { at: at(), legacy: true })));
    expect(other.body.duplicate).toBe(false);
    const rows = await t.db.prisma.mailActivity.findMany({ where: { messageUid: m.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.eventType, r.mailboxEmail, r.mailboxEmailSource])).toEqual([
      ["message.delivered", "legacy.sender@northwind.com", "from_address"],
      ["message.sent", "legacy.sender@northwind.com", "from_address"],
    ]);
  });

  it("never stores the message body or snippet: not in any table, not in the answer", async () => {
    const m = message("private@northwind.com", {
      direction: "inbound",
      from: "cfo@acme.com",
      to: ["private@northwind.com"],
    });
    const payload = inkboxMessageEvent("message.received", m, {
      at: at(),
      id: "evt_private",
      extra: { body: BODY_TEXT, snippet: BODY_TEXT.slice(0, 40) },
    });
    const res = await POST(inkboxRequest(payload));
    const answer = await res.text();
    const activity = JSON.stringify(await t.db.prisma.mailActivity.findMany());
    const everything = (await dumpAll(t.db)) + activity + answer;
    expect(everything).not.toContain("Confidential");
    expect(everything).not.toContain("quarterly");
    const stored = JSON.parse(
      (await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { dedupeKey: "inkbox:event:evt_private" } })).payload,
    );
    expect(stored.data.message).not.toHaveProperty("body");
    expect(stored.data.message).not.toHaveProperty("snippet");
    expect(stored.data.message.subject).toBe(m.subject); // metadata stays
  });

  it("stores an unknown event type as ignored, without activity", async () => {
    const payload = inkboxMessageEvent("message.opened", message("unknown@northwind.com"), {
      at: at(),
      id: "evt_unknown",
    });
    const res = await post(inkboxRequest(payload));
    expect(res).toMatchObject({ status: 200, body: { received: true, outcome: "ignored", duplicate: false } });
    expect(await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: res.body.event_id } })).toMatchObject({
      eventType: "message.opened",
      entityUid: "unknown@northwind.com",
      status: null,
      outcome: "ignored",
    });
    expect(await t.db.prisma.mailActivity.count({ where: { mailboxEmail: "unknown@northwind.com" } })).toBe(0);
  });

  it("200 for the old and the new key during a rotation; 401 for the old one once removed", async () => {
    configureInkbox("whsec_old_key,whsec_new_key");
    expect(
      (
        await post(
          inkboxRequest(inkboxMessageEvent("message.sent", message("rot@x.com"), { at: at() }), {
            secret: "whsec_old_key",
          }),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await post(
          inkboxRequest(inkboxMessageEvent("message.sent", message("rot@x.com"), { at: at() }), { secret: "new_key" }),
        )
      ).status,
    ).toBe(200);
    configureInkbox("whsec_new_key");
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.sent", message("rot@x.com"), { at: at() }), {
        secret: "whsec_old_key",
      }),
    );
    expect(res).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });
  });

  it("401 missing_signature for an unsigned request, recorded, nothing stored", async () => {
    const payload = inkboxMessageEvent("message.sent", message("unsigned@x.com"), { at: at(), id: "evt_unsigned" });
    const res = await post(inkboxRequest(payload, { headers: { "x-inkbox-signature": null } }));
    expect(res).toMatchObject({ status: 401, body: { error: { code: "missing_signature" } } });
    expect(await lastRejection()).toMatchObject({ vendor: "inkbox", reason: "missing_signature" });
    expect(await t.db.prisma.webhookEvent.count({ where: { dedupeKey: "inkbox:event:evt_unsigned" } })).toBe(0);
  });

  it("401 missing_signature even before any key is configured (Inkbox sends unsigned requests then)", async () => {
    configureInkbox("");
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.sent", message("nokey@x.com"), { at: at() }), {
        headers: { "x-inkbox-signature": null },
      }),
    );
    expect(res.status).toBe(401);
  });

  it("503 with Retry-After for a signed request while no key is configured, so Inkbox retries", async () => {
    configureInkbox("");
    const res = await post(inkboxRequest(inkboxMessageEvent("message.sent", message("nokey@x.com"), { at: at() })));
    expect(res).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("401 bad_signature for another key, recorded with its headers but never the signature", async () => {
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.sent", message("wrongkey@x.com"), { at: at() }), {
        secret: "someone-else",
        requestId: "req_wrong",
        headers: { "x-forwarded-for": "203.0.113.7" },
      }),
    );
    expect(res).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });
    const rejection = await lastRejection();
    expect(rejection).toMatchObject({ vendor: "inkbox", reason: "bad_signature", payload: null });
    const headers = JSON.parse(rejection.headers);
    expect(headers).toMatchObject({
      "x-inkbox-request-id": "req_wrong",
      "x-inkbox-timestamp": expect.stringMatching(/^\d+$/),
      "x-forwarded-for": "203.0.113.7",
    });
    expect(headers["x-inkbox-signature"]).toBeUndefined();
  });

  it.each([[-320], [320]])("401 stale_timestamp for a request signed %i s away", async (offset) => {
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.sent", message("stale@x.com"), { at: at() }), {
        sentAt: new Date(Date.now() + offset * 1000),
      }),
    );
    expect(res).toMatchObject({ status: 401, body: { error: { code: "stale_timestamp" } } });
    expect((await lastRejection()).reason).toBe("stale_timestamp");
  });

  it.each([[-290], [290]])("200 for a request signed %i s away (inside the window)", async (offset) => {
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.sent", message("skew@x.com"), { at: at() }), {
        sentAt: new Date(Date.now() + offset * 1000),
      }),
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ["x-inkbox-request-id", null],
    ["x-inkbox-timestamp", null],
    ["x-inkbox-timestamp", "1700000000.5"],
    ["x-inkbox-signature", "sha256=xyz"],
  ])("401 bad_signature when %s is %j", async (header, value) => {
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.sent", message("malformed@x.com"), { at: at() }), {
        headers: { [header]: value },
      }),
    );
    expect(res).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });
  });

  it("401 when one byte of the body changed after signing", async () => {
    const body = JSON.stringify(inkboxMessageEvent("message.sent", message("flip@x.com"), { at: at() }));
    const good = inkboxRequest(body);
    const tampered = body.replace("flip@x.com", "flop@x.com");
    const res = await post(new Request(URL_, { method: "POST", headers: good.headers, body: tampered }));
    expect(res).toMatchObject({ status: 401, body: { error: { code: "bad_signature" } } });
  });

  it.each([["text/plain"], [null]])("415 for content type %s", async (type) => {
    const res = await post(
      inkboxRequest(inkboxMessageEvent("message.sent", message("ct@x.com"), { at: at() }), {
        headers: { "content-type": type },
      }),
    );
    expect(res).toMatchObject({ status: 415, body: { error: { code: "bad_content_type" } } });
  });

  it("413 for a declared length over 2 MiB, refused unread", async () => {
    const big = "x".repeat(2 * 1024 * 1024 + 1);
    const res = await post(inkboxRequest(big, { headers: { "content-length": String(big.length) } }));
    expect(res).toMatchObject({ status: 413, body: { error: { code: "too_large" } } });
    expect(await lastRejection()).toMatchObject({ vendor: "inkbox", reason: "too_large", size: big.length });
  });

  it("413 for a body that passes 2 MiB while streaming, with no length declared", async () => {
    const m = message("big@x.com", { direction: "inbound", from: "a@b.com", to: ["big@x.com"] });
    const res = await post(
      inkboxRequest(
        inkboxMessageEvent("message.received", m, { at: at(), extra: { body: "y".repeat(2 * 1024 * 1024) } }),
      ),
    );
    expect(res.status).toBe(413);
  });

  it("200 for a large message just under 2 MiB (a long body), which is not stored", async () => {
    const m = message("large@x.com", { direction: "inbound", from: "a@b.com", to: ["large@x.com"] });
    const payload = inkboxMessageEvent("message.received", m, {
      at: at(),
      id: "evt_large",
      extra: { body: "z".repeat(2 * 1024 * 1024 - 4096) },
    });
    const res = await post(inkboxRequest(payload));
    expect(res.status).toBe(200);
    const stored = await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { dedupeKey: "inkbox:event:evt_large" } });
    expect(stored.payload.length).toBeLessThan(4096);
  });

  it("400 malformed_json for a signed body that is not JSON", async () => {
    const res = await post(inkboxRequest('{"event_type": "message.sent",'));
    expect(res).toMatchObject({ status: 400, body: { error: { code: "malformed_json" } } });
    expect(await lastRejection()).toMatchObject({ reason: "malformed_json", payload: null });
  });

  it("400 too_deep for signed JSON nested thousands deep, recorded, never a 5xx", async () => {
    const data = `${"[".repeat(5000)}1${"]".repeat(5000)}`;
    const res = await post(inkboxRequest(`{"id":"evt_deep","event_type":"message.sent","data":${data}}`));
    expect(res).toMatchObject({ status: 400, body: { error: { code: "too_deep" } } });
    expect(await lastRejection()).toMatchObject({ reason: "too_deep", payload: null });
  });

  it("400 invalid_payload for a known event without a message id, kept without the body", async () => {
    const payload = inkboxMessageEvent(
      "message.received",
      message("invalid@x.com", { direction: "inbound", from: "a@b.com", to: ["invalid@x.com"] }),
      { at: at(), extra: { body: BODY_TEXT, id: null } },
    );
    const res = await post(inkboxRequest(payload));
    expect(res).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });
    expect(res.body.error.message).toContain("data.message.id");
    const rejection = await lastRejection();
    expect(rejection.reason).toBe("invalid_payload");
    expect(rejection.payload).not.toContain("Confidential");
    expect(rejection.payload).not.toContain("snippet");
    expect(JSON.parse(rejection.payload!).data.message.email_address).toBe("invalid@x.com");
  });

  if (provider === "sqlite")
    it("announces each delivery to live pages, a duplicate too (its count changed)", async () => {
      const heard: ChangeNotice[] = [];
      const stop = subscribe((notice) => heard.push(notice));
      try {
        const payload = inkboxMessageEvent("message.bounced", message("live@x.com"), { at: at(), id: "evt_live" });
        await post(inkboxRequest(payload));
        await post(inkboxRequest(payload));
      } finally {
        stop();
      }
      expect(heard).toHaveLength(2);
      for (const notice of heard)
        expect(notice).toMatchObject({
          kind: "event",
          vendor: "inkbox",
          entityType: "mail_message",
          entityUid: "live@x.com",
        });
    });
});
