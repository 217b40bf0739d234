// Deliveries the database cannot store as they are (issue 10 item 4). On PostgreSQL, an integer past
// 32 bits or a text too long for a btree index failed the same way on every retry, answered 503
// forever and were recorded nowhere. Now numbers are clamped and text is truncated (both flagged on
// the event); a delivery that still fails identically 3 times is quarantined as `unstorable`
// (stored with the error and its body without credentials), answered 200, and shown on /deliveries.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, consentEvent, domainEvent, mailboxEvent, signedRequest } from "../helpers/inboxkit";

const TOKEN = "unstorable-api-token-0123456789abcdef";
const T0 = "2024-05-01T10:00:00.000Z";
/** Random text does not compress, so PostgreSQL must index all of it (a repeated letter would fit). */
const noise = (n: number) => randomBytes(n).toString("base64url").slice(0, n);
const post = async (body: unknown) => {
  const res = await POST(signedRequest(body));
  return { status: res.status, body: await res.json() };
};

describe.each(await providers())("deliveries the database cannot store as they are, on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      DASHBOARD_API_TOKEN: TOKEN,
      SESSION_SECRET: "unstorable-session-secret-0123456789",
      DASHBOARD_PASSWORD: "unstorable password",
    });
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());
  const flagsOf = async (eventId: number) =>
    JSON.parse((await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: eventId } })).flags ?? "[]");

  it("clamps integers past 32 bits and flags them", async () => {
    const domain = await post(domainEvent("d-huge", "active", T0, { assigned_mailboxes: 3000000000 }));
    expect(domain).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect((await t.db.prisma.domain.findUniqueOrThrow({ where: { uid: "d-huge" } })).assignedMailboxes).toBe(
      2147483647,
    );
    expect(await flagsOf(domain.body.event_id)).toEqual([
      { code: "clamped", detail: expect.stringContaining("data.domain.assigned_mailboxes 3000000000") },
    ]);
    const consent = await post(consentEvent("c-huge", "pending", T0, { retry_count: 2147483648, max_retries: -9e15 }));
    expect(consent.status).toBe(200);
    expect(await t.db.prisma.consentRequest.findUniqueOrThrow({ where: { uid: "c-huge" } })).toMatchObject({
      retryCount: 2147483647,
      maxRetries: -2147483648,
    });
  });

  it("truncates long text (email 320, workspace id 200, status text 4 KiB) and flags it, never refusing", async () => {
    const email = `${noise(4000)}@example.com`;
    const body = mailboxEvent("mb-long", "active", T0, { email });
    (body.data.metadata as Record<string, unknown>).workspace_id = noise(4000);
    const res = await post(body);
    expect(res).toMatchObject({ status: 200, body: { outcome: "applied" } });
    const mailbox = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-long" } });
    expect(mailbox.email).toBe(email.slice(0, 320));
    expect(mailbox.workspaceId).toHaveLength(200);
    const flags = await flagsOf(res.body.event_id);
    expect(flags.map((f: { code: string; detail: string }) => f.detail)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("data.mailbox.email"),
        expect.stringContaining("data.metadata.workspace_id"),
      ]),
    );
    const consent = await post(
      consentEvent("c-text", "failed", T0, {
        status_text: noise(9000),
        consent_url: `https://accounts.google.com/${noise(5000)}`,
      }),
    );
    expect(consent.status).toBe(200);
    const stored = await t.db.prisma.consentRequest.findUniqueOrThrow({ where: { uid: "c-text" } });
    expect(stored.statusText).toHaveLength(4096);
    expect(stored.consentUrl).toHaveLength(2048);
  });
});
