// Event detail and re-apply through the route handlers, on every provider, with deliveries stored by
// the real webhook route: the kept request headers and the header/body event mismatch flag; a dry
// run returns the field-level diff and writes nothing (every row of every table compared); applying
// twice changes things once; a stale event stays stale; a bulk dry run counts what the apply then does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as inboxKitPOST } from "@/app/api/webhooks/inboxkit/route";
import { POST as inkboxPOST } from "@/app/api/webhooks/inkbox/route";
import { GET as eventsGET } from "@/app/api/events/route";
import { GET as eventGET } from "@/app/api/events/[id]/route";
import { POST as reapplyPOST } from "@/app/api/events/[id]/reapply/route";
import { POST as bulkPOST } from "@/app/api/events/reapply/route";
import { resetConfig } from "@/lib/config";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import type { EventDetail, EventRow } from "@/lib/queries/events";
import type { BulkSummary, ReapplyResult } from "@/lib/events/reapply";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { operatorSessionCookie } from "../helpers/operator";
import { configureInboxKit, domainEvent, mailboxEvent, signedRequest } from "../helpers/inboxkit";
import { dumpAll } from "../helpers/rows";
import { refreshMailOrder } from "@/lib/queries/mail-order";
import { refreshMailVerdicts } from "@/lib/queries/mail-verdict";

const TOKEN = "reapply-api-token-0123456789abcdef";
const INKBOX_KEY = "whsec_reapply_inkbox_key";

function configure(): void {
  configureInboxKit();
  Object.assign(process.env, {
    SESSION_SECRET: "reapply-session-secret-0123456789",
    DASHBOARD_PASSWORD: "pw",
    DASHBOARD_API_TOKEN: TOKEN,
    INKBOX_SIGNING_KEYS: INKBOX_KEY,
  });
  resetConfig();
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const get = (path: string) => new Request(`http://localhost${path}`, { headers: bearer });
const post = (path: string, body: unknown, headers: Record<string, string> = bearer) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

async function detail(id: number): Promise<EventDetail> {
  const response = await eventGET(get(`/api/events/${id}`), params(id));
  expect(response.status).toBe(200);
  return response.json();
}

async function reapply(id: number, dryRun: boolean): Promise<Extract<ReapplyResult, { applicable: true }>> {
  const response = await reapplyPOST(post(`/api/events/${id}/reapply`, { dryRun }), params(id));
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function bulk(query: string, body: unknown): Promise<BulkSummary> {
  const response = await bulkPOST(post(`/api/events/reapply?${query}`, body));
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json;
}

/** The Cookie header of a signed-in operator in the current database (set per provider). */
let sessionCookie = "";

describe.each(await providers())("event detail and re-apply on %s", (provider) => {
  let t: TestDatabase;
  const eventId = (uid: string, status: string) =>
    t.db.prisma.webhookEvent
      .findFirstOrThrow({ where: { entityUid: uid, status }, select: { id: true } })
      .then((e) => e.id);

  beforeAll(async () => {
    configure();
    t = await freshDatabase(provider);
    sessionCookie = await operatorSessionCookie(t.db.prisma);
    const deliveries = [
      mailboxEvent("mb-1", "pending", "2024-03-01T10:00:00.000Z"),
      mailboxEvent("mb-1", "active", "2024-03-01T11:00:00.000Z"),
      mailboxEvent("mb-1", "processing", "2024-03-01T10:30:00.000Z"), // stale
      mailboxEvent("mb-2", "active", "2024-03-01T12:00:00.000Z"),
      mailboxEvent("mb-3", "active", "2024-03-01T12:00:00.000Z"),
      domainEvent("dom-1", "active", "2024-03-01T09:00:00.000Z"),
    ];
    for (const body of deliveries) expect((await inboxKitPOST(signedRequest(body))).status).toBe(200);
    // The vendor's own examples send an X-InboxKit-Event that disagrees with the body.
    const mismatched = mailboxEvent("mb-4", "pending", "2024-03-01T13:00:00.000Z");
    expect(
      (await inboxKitPOST(signedRequest(mismatched, { headers: { "x-inboxkit-event": "domain.status_changed" } })))
        .status,
    ).toBe(200);
  });
  afterAll(async () => t.drop());

  it("keeps the non-secret request headers of an accepted delivery, never the signature", async () => {
    const d = await detail(await eventId("mb-2", "active"));
    expect(d.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "InboxKit-Webhook/1.0",
      "x-inboxkit-event": "mailbox.status_changed",
    });
    expect(d.headers!["x-inboxkit-timestamp"]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(d.headers)).not.toContain("x-inboxkit-signature");
    expect(d.headerEventMismatch).toBeNull();
  });

  it("flags an X-InboxKit-Event that disagrees with the body's event; the body wins", async () => {
    const id = await eventId("mb-4", "pending");
    const d = await detail(id);
    expect(d.event.eventType).toBe("mailbox.status_changed");
    expect(d.headerEventMismatch).toEqual({ header: "domain.status_changed", body: "mailbox.status_changed" });
    const rows = (await (await eventsGET(get("/api/events?limit=200"))).json()).rows as EventRow[];
    expect(rows.filter((r) => r.headerEventMismatch).map((r) => r.id)).toEqual([id]);
  });

  it("a dry run returns the field-level diff and writes nothing", async () => {
    // A damaged entity: its row no longer says what its newest event said.
    await t.db.prisma.mailbox.update({ where: { uid: "mb-2" }, data: { status: "suspended", firstName: "Wrong" } });
    const before = await dumpAll(t.db);
    const result = await reapply(await eventId("mb-2", "active"), true);
    expect(result).toMatchObject({
      dryRun: true,
      changed: true,
      entity: { type: "mailbox", uid: "mb-2" },
      outcome: { before: "applied", after: "applied" },
    });
    expect(result.changes).toEqual([
      { field: "firstName", before: "Wrong", after: "Jane" },
      { field: "status", before: "suspended", after: "active" },
    ]);
    expect(await dumpAll(t.db)).toBe(before);
    expect(await t.db.prisma.auditLog.count()).toBe(0);
  });

  it("applying is idempotent: the second call changes nothing", async () => {
    const id = await eventId("mb-2", "active");
    const first = await reapply(id, false);
    expect(first).toMatchObject({ dryRun: false, changed: true });
    expect(first.changes.map((c) => c.field).sort()).toEqual(["firstName", "status"]);
    expect(await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-2" } })).toMatchObject({
      status: "active",
      firstName: "Jane",
    });
    const after = await dumpAll(t.db);
    const audit = await t.db.prisma.auditLog.findMany();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "event.reapply",
      actor: "api token",
      targetType: "event",
      targetId: String(id),
    });
    const second = await reapply(id, false);
    expect(second).toMatchObject({ changed: false, changes: [] });
    expect(await dumpAll(t.db)).toBe(after);
    expect(await t.db.prisma.auditLog.count()).toBe(1);
  });

  it("the mailbox's mail-health key and trouble verdict are caches, not state: once computed, a re-apply changes nothing", async () => {
    const id = await eventId("mb-2", "active");
    await refreshMailOrder(new Date());
    await refreshMailVerdicts(new Date());
    const key = await t.db.prisma.mailbox.findUniqueOrThrow({
      where: { uid: "mb-2" },
      select: { mailHealthUntil: true, mailVerdictUntil: true },
    });
    expect(key.mailHealthUntil).not.toBeNull(); // computed (no mail: holds until mail arrives)
    expect(key.mailVerdictUntil).not.toBeNull();
    expect(await reapply(id, true)).toMatchObject({ changed: false, changes: [] });
  });

  it("a stale event stays stale: the ordering rules still hold", async () => {
    const stale = await eventId("mb-1", "processing");
    const result = await reapply(stale, false);
    expect(result).toMatchObject({ changed: false, outcome: { before: "stale", after: "stale" } });
    expect((await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-1" } })).status).toBe("active");
    expect((await detail(stale)).winner).toMatchObject({ id: await eventId("mb-1", "active"), status: "active" });
  });

  it("restores a lost entity row from its events, with the stored credential fingerprint", async () => {
    const fingerprint = (await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-3" } }))
      .credentialsFingerprint;
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    await t.db.prisma.mailbox.delete({ where: { uid: "mb-3" } });
    const result = await reapply(await eventId("mb-3", "active"), false);
    expect(result.changed).toBe(true);
    expect(await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-3" } })).toMatchObject({
      status: "active",
      credentialsFingerprint: fingerprint,
    });
  });

  it("in bulk: a dry-run summary first, whose counts the apply matches; then nothing is left to change", async () => {
    await t.db.prisma.mailbox.update({ where: { uid: "mb-1" }, data: { status: "failed" } });
    await t.db.prisma.mailbox.update({ where: { uid: "mb-2" }, data: { platform: "SMTP" } });
    await t.db.prisma.domain.update({ where: { uid: "dom-1" }, data: { status: "inactive" } }); // outside the filter
    const before = await dumpAll(t.db);
    const dry = await bulk("entityType=mailbox", { dryRun: true });
    expect(await dumpAll(t.db)).toBe(before);
    expect(dry.matched).toBe(await t.db.prisma.webhookEvent.count({ where: { entityType: "mailbox" } }));
    expect(dry.changed, JSON.stringify(dry.sample)).toBe(2);
    expect(dry.sample.map((s) => s.entity.uid).sort()).toEqual(["mb-1", "mb-2"]);
    const applied = await bulk("entityType=mailbox", { dryRun: false });
    expect({ ...applied, dryRun: true, sample: [] }).toEqual({ ...dry, sample: [] });
    expect((await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "dom-1" } })).status).toBe("inactive");
    expect((await bulk("entityType=mailbox", {})).changed).toBe(0); // a dry run unless confirmed
  });

  it("says why an event cannot be re-applied, and refuses bad requests", async () => {
    const mail = {
      id: "msg_re_1",
      mailboxEmail: "jane.mb-1@example.com",
      direction: "outbound" as const,
      from: "jane.mb-1@example.com",
      to: ["a@b.com"],
      subject: "Hi",
      createdAt: new Date(),
    };
    const body = JSON.stringify(inkboxMessageEvent("message.sent", mail, { at: new Date() }));
    const signed = signInkbox(body, { secret: INKBOX_KEY });
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(
      (await inkboxPOST(new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers, body }))).status,
    ).toBe(200);
    const inkbox = await t.db.prisma.webhookEvent.findFirstOrThrow({ where: { vendor: "inkbox" } });
    const refused = await reapplyPOST(post(`/api/events/${inkbox.id}/reapply`, { dryRun: true }), params(inkbox.id));
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.code).toBe("not_reappliable");
    expect((await reapplyPOST(post("/api/events/999999/reapply", { dryRun: true }), params(999999))).status).toBe(404);
    expect((await reapplyPOST(post("/api/events/1/reapply", { dryRun: "yes" }), params(1))).status).toBe(400);
    expect((await reapplyPOST(post("/api/events/1/reapply", { dryRun: true, force: true }), params(1))).status).toBe(
      400,
    );
    expect((await bulkPOST(post("/api/events/reapply?stauts=active", { dryRun: true }))).status).toBe(400);
    expect((await reapplyPOST(post("/api/events/1/reapply", { dryRun: true }, {}), params(1))).status).toBe(401);
    const session = { cookie: sessionCookie, origin: "https://evil.example" };
    expect((await reapplyPOST(post("/api/events/1/reapply", { dryRun: true }, session), params(1))).status).toBe(403);
  });
});
