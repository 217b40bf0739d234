// Deliveries the database cannot store as they are (issue 10 item 4). On PostgreSQL, an integer past
// 32 bits or a text too long for a btree index failed the same way on every retry, answered 503
// forever and were recorded nowhere. Now numbers are clamped and text is truncated (both flagged on
// the event); a delivery that still fails identically 3 times is quarantined as `unstorable`
// (stored with the error and its body without credentials), answered 200, and shown on /deliveries.
import { randomBytes } from "node:crypto";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { POST as POST_INKBOX } from "@/app/api/webhooks/inkbox/route";
import { GET as READY } from "@/app/api/health/ready/route";
import { resetConfig } from "@/lib/config";
import { repeatableFailure } from "@/lib/db/errors";
import { sqlitePath } from "@/lib/db/provider";
import { openItems } from "@/lib/notify/sources";
import { attentionItems } from "@/lib/queries/attention";
import { deliveriesQuery, listDeliveries } from "@/lib/queries/deliveries";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { freshDatabase, postgresAvailable, providers, type TestDatabase } from "../helpers/db";
import {
  configureInboxKit,
  consentEvent,
  domainEvent,
  mailboxEvent,
  signedRequest,
  useInboxKitDatabase,
} from "../helpers/inboxkit";

const TOKEN = "unstorable-api-token-0123456789abcdef";
const T0 = "2024-05-01T10:00:00.000Z";
/** Random text does not compress, so PostgreSQL must index all of it (a repeated letter would fit). */
const noise = (n: number) => randomBytes(n).toString("base64url").slice(0, n);
const INKBOX_KEY = "whsec_unstorable_inkbox_key";
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

/** Makes storing any webhook_events row whose entity names `marker` fail the same way every time. */
async function failStorageOf(t: TestDatabase, marker: string, name = "test_unstorable"): Promise<void> {
  const sql =
    t.provider === "sqlite"
      ? `CREATE TRIGGER "${name}" BEFORE INSERT ON "webhook_events" WHEN NEW."entity_uid" LIKE '%${marker}%'
         BEGIN SELECT RAISE(ABORT, '${name}: cannot store this entity'); END`
      : `ALTER TABLE "webhook_events" ADD CONSTRAINT "${name}" CHECK ("entity_uid" NOT LIKE '%${marker}%') NOT VALID`;
  await t.db.prisma.$executeRawUnsafe(sql);
}

async function storableAgain(t: TestDatabase, name = "test_unstorable", table = "webhook_events"): Promise<void> {
  await t.db.prisma.$executeRawUnsafe(
    t.provider === "sqlite"
      ? `DROP TRIGGER IF EXISTS "${name}"`
      : `ALTER TABLE "${table}" DROP CONSTRAINT IF EXISTS "${name}"`,
  );
}

const CREDENTIALS = ["Mb!xyzAB8921", "app-Xy9!pq7M", "totp-SECRET-42"];

describe.each(await providers())("a delivery that fails identically every time, on %s", (provider) => {
  process.env.INKBOX_SIGNING_KEYS = INKBOX_KEY;
  const t = useInboxKitDatabase(provider);
  afterEach(async () => {
    for (const name of ["test_unstorable", "test_unstorable_other"]) await storableAgain(t, name);
    await storableAgain(t, "test_no_payload", "rejected_deliveries");
  });
  const rejected = () => t.db.prisma.rejectedDelivery.findMany({ orderBy: { id: "asc" } });
  const ready = async () => (await READY()).status;

  it("answers 503 twice, then quarantines it as unstorable on the third identical failure and answers 200", async () => {
    await failStorageOf(t, "unstorable");
    const body = mailboxEvent("mb-unstorable-1", "active", T0);
    const first = await POST(signedRequest(body));
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("5");
    // One bad delivery says nothing about whether the database accepts writes.
    expect(await ready()).toBe(200);
    expect((await POST(signedRequest(body))).status).toBe(503);
    expect(await rejected()).toEqual([]);

    const third = await post(body);
    expect(third).toMatchObject({ status: 200, body: { received: true, outcome: "unstorable" } });
    const [row] = await rejected();
    expect(row).toMatchObject({ id: third.body.rejection_id, vendor: "inboxkit", reason: "unstorable" });
    expect(row.detail).toContain(provider === "sqlite" ? "SQLITE_CONSTRAINT_TRIGGER" : "23514");
    expect(row.detail).toContain("3 identical failures");
    expect(row.detail).toMatch(/^mailbox\.status_changed for mailbox mb-unstorable-1: /);
    // The payload is kept as an event's would be: everything but the credentials.
    const payload = JSON.parse(row.payload!);
    expect(payload.data.mailbox.uid).toBe("mb-unstorable-1");
    for (const secret of CREDENTIALS) expect(JSON.stringify(row)).not.toContain(secret);
    expect(await t.db.prisma.webhookEvent.count({ where: { entityUid: "mb-unstorable-1" } })).toBe(0);
    expect(await ready()).toBe(200);

    // Operators see it: on /deliveries, in the attention queue (critical), and alerted on at once.
    const page = await listDeliveries(deliveriesQuery.parse({ reason: "unstorable" }));
    expect(page.rows.map((r) => [r.id, r.explanation.title])).toEqual([[row.id, "Could not be stored"]]);
    const items = (await attentionItems()).filter((i) => i.status === "unstorable");
    expect(items).toMatchObject([{ kind: "refused_deliveries", severity: "critical", uid: "inboxkit" }]);
    const open = (await openItems(t.db, new Date())).filter((i) => i.id === items[0].id);
    expect(open).toMatchObject([{ silenced: false, path: "/deliveries" }]);
    expect(open[0].body.join(" ")).not.toMatch(/signature/i);
    await storableAgain(t);
  });

  it("counts each body on its own, and starts again when the failure changes", async () => {
    await failStorageOf(t, "unstorable");
    const a = mailboxEvent("mb-unstorable-2", "active", T0);
    const b = mailboxEvent("mb-unstorable-3", "active", T0);
    expect((await POST(signedRequest(a))).status).toBe(503);
    expect((await POST(signedRequest(b))).status).toBe(503);
    expect((await POST(signedRequest(a))).status).toBe(503);
    await storableAgain(t);
    await failStorageOf(t, "unstorable", "test_unstorable_other");
    // A different error for the same body: this is its first failure of that kind.
    expect((await POST(signedRequest(a))).status).toBe(503);
    expect((await POST(signedRequest(a))).status).toBe(503);
    expect(await t.db.prisma.rejectedDelivery.count({ where: { reason: "unstorable" } })).toBe(1);
    expect((await POST(signedRequest(a))).status).toBe(200);
    await storableAgain(t, "test_unstorable_other");
    // Storable again: the body that failed twice is stored as usual.
    expect(await post(b)).toMatchObject({ status: 200, body: { outcome: "applied" } });
  });

  it("keeps answering 503 to a failure that may pass (the database busy), however often it repeats", async () => {
    const body = mailboxEvent("mb-busy-1", "active", T0);
    const statuses = await whileBusy(t, async () => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push((await POST(signedRequest(body))).status);
      return out;
    });
    expect(statuses).toEqual([503, 503, 503, 503]);
    expect(
      await t.db.prisma.rejectedDelivery.count({ where: { reason: "unstorable", payload: { contains: "mb-busy-1" } } }),
    ).toBe(0);
    expect(await post(body)).toMatchObject({ status: 200, body: { outcome: "applied" } });
  });

  it("quarantines an Inkbox delivery the same way, without its message content", async () => {
    await failStorageOf(t, "unstorable");
    const payload = inkboxMessageEvent(
      "message.received",
      {
        id: "msg_unstorable",
        mailboxEmail: "unstorable@northwind.com",
        direction: "inbound",
        from: "maria@acme.com",
        to: ["unstorable@northwind.com"],
        subject: "Quarterly numbers",
        createdAt: new Date(Date.now() - 60_000),
      },
      { at: new Date(Date.now() - 30_000), id: "evt_unstorable" },
    );
    const send = () => POST_INKBOX(inkboxRequest(payload));
    expect((await send()).status).toBe(503);
    expect((await send()).status).toBe(503);
    const third = await send();
    expect(third.status).toBe(200);
    expect(await third.json()).toMatchObject({ received: true, outcome: "unstorable" });
    const row = await t.db.prisma.rejectedDelivery.findFirstOrThrow({ where: { vendor: "inkbox" } });
    expect(row).toMatchObject({ reason: "unstorable" });
    expect(row.detail).toMatch(/^message\.received for mail_message unstorable@northwind\.com: /);
    expect(JSON.parse(row.payload!).data.message.id).toBe("msg_unstorable");
    expect(row.payload).not.toContain("Following up on");
    await storableAgain(t);
  });

  it("still quarantines it when its payload cannot be stored either (kept without the payload)", async () => {
    await failStorageOf(t, "unstorable");
    await t.db.prisma.$executeRawUnsafe(
      provider === "sqlite"
        ? `CREATE TRIGGER "test_no_payload" BEFORE INSERT ON "rejected_deliveries" WHEN NEW."payload" LIKE '%mb-unstorable-4%'
           BEGIN SELECT RAISE(ABORT, 'test: no payload'); END`
        : `ALTER TABLE "rejected_deliveries" ADD CONSTRAINT "test_no_payload" CHECK ("payload" NOT LIKE '%mb-unstorable-4%')`,
    );
    const body = mailboxEvent("mb-unstorable-4", "active", T0);
    for (let i = 0; i < 2; i++) expect((await POST(signedRequest(body))).status).toBe(503);
    const third = await post(body);
    expect(third).toMatchObject({ status: 200, body: { outcome: "unstorable" } });
    const row = await t.db.prisma.rejectedDelivery.findUniqueOrThrow({ where: { id: third.body.rejection_id } });
    expect(row.payload).toBeNull();
    expect(row.detail).toContain("payload could not be stored");
    await storableAgain(t);
  });
});

describe.runIf(await postgresAvailable())("the error summary of a PostgreSQL data exception", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await freshDatabase("postgresql");
  });
  afterAll(async () => t.drop());

  it("keeps the SQLSTATE and the kind of error, never the value that caused it", async () => {
    const canary = "canary-Pa55word-9921";
    const error = await t.db.prisma.$queryRaw`SELECT ${canary}::int`.catch((e: unknown) => e);
    const failure = repeatableFailure(error);
    expect(failure?.summary).toContain("22P02");
    expect(failure?.summary).toContain("invalid input syntax for type integer");
    expect(failure?.summary).not.toContain(canary);
  });
});

function inkboxRequest(payload: unknown): Request {
  const body = JSON.stringify(payload);
  const signed = signInkbox(body, { secret: INKBOX_KEY });
  return new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers: signed.headers, body });
}

/**
 * Runs `deliver` while storing fails in a way that may pass on a retry: on SQLite another process
 * holds the write lock (past a short lock budget); on PostgreSQL a trigger raises a serialization
 * failure (SQLSTATE 40001) for entities named "busy".
 */
async function whileBusy<T>(t: TestDatabase, deliver: () => Promise<T>): Promise<T> {
  if (t.provider === "sqlite") {
    process.env.SQLITE_BUSY_TIMEOUT_MS = "200";
    const blocker = new BetterSqlite3(sqlitePath(t.url));
    blocker.prepare("BEGIN IMMEDIATE").run();
    try {
      return await deliver();
    } finally {
      blocker.prepare("ROLLBACK").run();
      blocker.close();
      delete process.env.SQLITE_BUSY_TIMEOUT_MS;
    }
  }
  await t.db.prisma.$executeRawUnsafe(`CREATE FUNCTION test_busy() RETURNS trigger AS $$ BEGIN
      IF NEW."entity_uid" LIKE '%busy%' THEN RAISE EXCEPTION 'test: could not serialize' USING ERRCODE = '40001'; END IF;
      RETURN NEW; END $$ LANGUAGE plpgsql`);
  await t.db.prisma.$executeRawUnsafe(
    `CREATE TRIGGER test_busy BEFORE INSERT ON "webhook_events" FOR EACH ROW EXECUTE FUNCTION test_busy()`,
  );
  try {
    return await deliver();
  } finally {
    await t.db.prisma.$executeRawUnsafe(`DROP TRIGGER test_busy ON "webhook_events"`);
  }
}
