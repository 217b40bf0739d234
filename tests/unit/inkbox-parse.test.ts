// The Inkbox parser: envelope, dedupe key and its fallback, the mailbox address and its fallbacks,
// message content never kept, unknown events ignored, identity fields strict.
import { describe, expect, it } from "vitest";
import { bareAddress, parseInkbox, withoutContent, type InkboxDelivery } from "@/lib/webhooks/inkbox/parse";
import { inkboxMessageEvent, type SimMessage } from "@/lib/simulator/inkbox";

const AT = new Date("2026-11-24T12:00:00.000Z");
const RECEIVED = new Date("2026-11-24T12:00:02.000Z");
const MAILBOX = "jane.doe@northwind.com";

const outbound: SimMessage = {
  id: "msg_001",
  mailboxEmail: MAILBOX,
  direction: "outbound",
  from: MAILBOX,
  to: ["maria@acme.com"],
  cc: ["boss@northwind.com"],
  subject: "Following up",
  createdAt: new Date("2026-11-24T11:59:00.000Z"),
  hasAttachments: true,
};
const inbound: SimMessage = {
  ...outbound,
  id: "msg_002",
  direction: "inbound",
  from: "maria@acme.com",
  to: [MAILBOX, "other@northwind.com"],
  subject: "Re: Following up",
};

const ctx = (json: unknown, header: string | null = "1795000000") => ({
  timestampHeader: header,
  receivedAt: RECEIVED,
  rawBody: Buffer.from(JSON.stringify(json)),
});

function accepted(json: unknown, header?: string | null): InkboxDelivery {
  const result = parseInkbox(json, ctx(json, header));
  if (!result.ok) throw new Error(result.detail);
  return result.delivery;
}

function refused(json: unknown): string {
  const result = parseInkbox(json, ctx(json));
  if (result.ok) throw new Error("expected a refusal");
  return result.detail;
}

describe("parseInkbox: known events", () => {
  it.each(["message.sent", "message.delivered", "message.bounced", "message.failed", "message.forwarded"])(
    "%s is stored as activity of the owning mailbox",
    (event) => {
      const d = accepted(inkboxMessageEvent(event, outbound, { at: AT, id: "evt_abc" }));
      expect(d).toMatchObject({
        vendor: "inkbox",
        eventType: event,
        known: true,
        dedupeKey: "inkbox:event:evt_abc",
        dedupeSource: "envelope_id",
        mailboxEmail: MAILBOX,
        mailboxSource: "email_address",
        occurredAt: AT,
        occurredAtSource: "envelope",
      });
      expect(d.activity).toMatchObject({
        messageUid: "msg_001",
        direction: "outbound",
        fromAddress: MAILBOX,
        toAddresses: ["maria@acme.com"],
        ccAddresses: ["boss@northwind.com"],
        subject: "Following up",
        hasAttachments: true,
        messageCreatedAt: outbound.createdAt,
        threadId: expect.stringMatching(/^thr_/),
        rfcMessageId: expect.stringMatching(/^<.+@northwind\.com>$/),
      });
    },
  );

  it("message.received belongs to the receiving mailbox", () => {
    const d = accepted(inkboxMessageEvent("message.received", inbound, { at: AT }));
    expect(d).toMatchObject({
      mailboxEmail: MAILBOX,
      activity: { direction: "inbound", status: "received", fromAddress: "maria@acme.com" },
    });
  });

  it("never keeps the body or the snippet, in the activity or in the stored payload", () => {
    const json = inkboxMessageEvent("message.received", inbound, {
      at: AT,
      extra: { html: "<p>secret deal</p>", body_text: "secret deal" },
    });
    expect(json.data.message).toHaveProperty("body");
    expect(json.data.message).toHaveProperty("snippet");
    const d = accepted(json);
    const stored = JSON.parse(d.payload);
    for (const field of ["body", "snippet", "html", "body_text"]) expect(stored.data.message).not.toHaveProperty(field);
    expect(d.payload).not.toContain("Following up on");
    expect(d.payload).not.toContain("secret deal");
    expect(JSON.stringify(d.activity)).not.toContain("Following up on");
    // Metadata stays.
    expect(stored.data.message).toMatchObject({
      id: "msg_002",
      subject: "Re: Following up",
      from_address: "maria@acme.com",
    });
    expect(stored.data.contacts).toHaveLength(1);
  });

  it("removes content fields at any depth and in any case, and credentials as for every vendor", () => {
    expect(
      withoutContent({ a: [{ Body: "x", Snippet: "y", keep: 1 }], password: "p", nested: { text: "t", subject: "s" } }),
    ).toEqual({ a: [{ keep: 1 }], nested: { subject: "s" } });
  });

  it("reads a bounce reason when the vendor sends one, only for bounces and failures", () => {
    const bounced = accepted(
      inkboxMessageEvent("message.bounced", outbound, {
        at: AT,
        extra: { bounce_reason: "550 5.1.1 mailbox does not exist" },
      }),
    );
    expect(bounced.activity?.bounceReason).toBe("550 5.1.1 mailbox does not exist");
    const failed = accepted({
      ...inkboxMessageEvent("message.failed", outbound, { at: AT }),
      data: { ...inkboxMessageEvent("message.failed", outbound, { at: AT }).data, error: { message: "SES throttled" } },
    });
    expect(failed.activity?.bounceReason).toBe("SES throttled");
    const delivered = accepted(
      inkboxMessageEvent("message.delivered", outbound, { at: AT, extra: { status_reason: "ok" } }),
    );
    expect(delivered.activity?.bounceReason).toBeNull();
    expect(accepted(inkboxMessageEvent("message.bounced", outbound, { at: AT })).activity?.bounceReason).toBeNull();
  });
});

describe("parseInkbox: dedupe key", () => {
  it("is the envelope id: the same for a retry or a replay whatever the headers", () => {
    const json = inkboxMessageEvent("message.delivered", outbound, { at: AT, id: "evt_same" });
    expect(accepted(json, "1795000000").dedupeKey).toBe(accepted(json, "1795000999").dedupeKey);
  });

  it("differs between events of one message", () => {
    const keys = ["message.sent", "message.delivered"].map(
      (e) => accepted(inkboxMessageEvent(e, outbound, { at: AT })).dedupeKey,
    );
    expect(new Set(keys).size).toBe(2);
  });

  it("falls back to event_type + message id for older payloads without an id, with a warning", () => {
    const d = accepted(inkboxMessageEvent("message.bounced", outbound, { at: AT, legacy: true }));
    expect(d).toMatchObject({ dedupeKey: "inkbox:message:message.bounced:msg_001", dedupeSource: "message" });
    expect(d.warnings.join()).toContain("without an envelope id");
    expect(accepted(inkboxMessageEvent("message.bounced", outbound, { at: AT, id: "" })).dedupeSource).toBe("message");
  });

  it("accepts numeric ids", () => {
    const json = inkboxMessageEvent("message.sent", outbound, { at: AT, id: "x" });
    const d = accepted({ ...json, id: 42, data: { ...json.data, message: { ...json.data.message, id: 7 } } });
    expect(d).toMatchObject({ dedupeKey: "inkbox:event:42", activity: { messageUid: "7" } });
  });
});

describe("parseInkbox: the mailbox address", () => {
  it("uses email_address, lower-cased", () => {
    const json = inkboxMessageEvent("message.sent", outbound, {
      at: AT,
      extra: { email_address: " Jane.Doe@Northwind.COM " },
    });
    expect(accepted(json)).toMatchObject({ mailboxEmail: MAILBOX, mailboxSource: "email_address" });
  });

  it("without email_address: the sender of an outbound message", () => {
    expect(
      accepted(
        inkboxMessageEvent(
          "message.sent",
          { ...outbound, from: "Jane Doe <Jane.Doe@northwind.com>" },
          { at: AT, legacy: true },
        ),
      ),
    ).toMatchObject({ mailboxEmail: MAILBOX, mailboxSource: "from_address" });
  });

  it("without email_address: the first recipient of an inbound message", () => {
    expect(accepted(inkboxMessageEvent("message.received", inbound, { at: AT, legacy: true }))).toMatchObject({
      mailboxEmail: MAILBOX,
      mailboxSource: "to_address",
    });
  });

  it("without email_address or direction: the direction follows the event", () => {
    const json = inkboxMessageEvent("message.received", inbound, { at: AT, legacy: true });
    const { direction: _d, ...message } = json.data.message;
    expect(accepted({ ...json, data: { ...json.data, message } })).toMatchObject({
      mailboxEmail: MAILBOX,
      activity: { direction: "inbound" },
    });
  });

  it("refuses a known event that names no mailbox at all", () => {
    const json = inkboxMessageEvent("message.sent", outbound, { at: AT, legacy: true });
    expect(
      refused({
        ...json,
        data: { ...json.data, message: { ...json.data.message, from_address: null, to_addresses: [] } },
      }),
    ).toContain("no mailbox address");
  });

  it("extracts a bare address", () => {
    expect(bareAddress("Jane <JANE@X.COM>")).toBe("jane@x.com");
    expect(bareAddress(" jane@x.com ")).toBe("jane@x.com");
  });
});

describe("parseInkbox: event time", () => {
  it("envelope timestamp, else the signed header time, else the time received", () => {
    const json = inkboxMessageEvent("message.sent", outbound, { at: AT });
    const { timestamp: _t, ...noTimestamp } = json;
    expect(accepted(noTimestamp, "1795000000")).toMatchObject({
      occurredAt: new Date(1795000000 * 1000),
      occurredAtSource: "header",
    });
    expect(accepted(noTimestamp, null)).toMatchObject({ occurredAt: RECEIVED, occurredAtSource: "received" });
    expect(accepted({ ...json, timestamp: "yesterday" }, null).occurredAtSource).toBe("received");
  });
});

describe("parseInkbox: lenient descriptive fields, strict identity", () => {
  it("a field of an unexpected type becomes null instead of refusing the delivery", () => {
    const json = inkboxMessageEvent("message.sent", outbound, {
      at: AT,
      extra: { subject: 42, has_attachments: "yes", created_at: "soon", cc_addresses: "solo@x.com" },
    });
    expect(accepted(json).activity).toMatchObject({
      subject: null,
      hasAttachments: null,
      messageCreatedAt: null,
      ccAddresses: ["solo@x.com"],
    });
  });

  it.each([
    ["a body that is not an object", []],
    ["no event_type", { id: "evt_1", data: {} }],
    ["an empty event_type", { id: "evt_1", event_type: " ", data: {} }],
  ])("refuses %s", (_name, json) => {
    expect(refused(json)).toBeTruthy();
  });

  it("refuses a known event without data.message, or without data.message.id", () => {
    expect(refused({ id: "evt_1", event_type: "message.sent", data: {} })).toContain("data.message");
    const json = inkboxMessageEvent("message.sent", outbound, { at: AT });
    const { id: _id, ...message } = json.data.message;
    expect(refused({ ...json, data: { ...json.data, message } })).toContain("data.message.id");
  });
});

describe("parseInkbox: unknown events", () => {
  it("are accepted as ignored, still attributed to the mailbox when they name one, with content removed", () => {
    const json = { ...inkboxMessageEvent("message.read", inbound, { at: AT, id: "evt_read" }) };
    const d = accepted(json);
    expect(d).toMatchObject({
      known: false,
      activity: null,
      mailboxEmail: MAILBOX,
      dedupeKey: "inkbox:event:evt_read",
    });
    expect(d.payload).not.toContain("snippet");
    expect(d.warnings.join()).toContain("unknown Inkbox event message.read");
  });

  it("without a message or an id, deduplicate on the body", () => {
    const d = accepted({ event_type: "mailbox.updated", data: { mailbox: { email_address: MAILBOX } } });
    expect(d).toMatchObject({
      known: false,
      mailboxEmail: null,
      dedupeSource: "body",
      dedupeKey: expect.stringMatching(/^inkbox:body:[0-9a-f]{64}$/),
    });
  });
});
