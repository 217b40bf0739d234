// Quarantine and re-verify through the real routes, on every provider. Deliveries signed with a key
// the server does not know yet are refused 401 and quarantined, sealed (neither their body nor its
// credentials readable anywhere in the database); once the key is configured (a fresh configuration,
// as after a restart), POST /api/deliveries/reverify ingests exactly those, with their original
// received time and without credentials, leaves the forged ones refused, and a second run ingests
// nothing twice. Refusals past the per-vendor cap are counted per hour instead of stored.
import { readFileSync, existsSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as inboxKitPOST } from "@/app/api/webhooks/inboxkit/route";
import { POST as inkboxPOST } from "@/app/api/webhooks/inkbox/route";
import { POST as reverifyPOST } from "@/app/api/deliveries/reverify/route";
import { GET as deliveriesGET } from "@/app/api/deliveries/route";
import { resetConfig } from "@/lib/config";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { QUARANTINE_MS, setRefusalCap, unseal } from "@/lib/webhooks/quarantine";
import type { ReverifyResult } from "@/lib/webhooks/reverify";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, mailboxEvent, signedRequest } from "../helpers/inboxkit";
import { dumpAll } from "../helpers/rows";

const TOKEN = "quarantine-api-token-0123456789abcdef";
const KNOWN = "known-team-secret";
const NEW_KEY = "rotated-team-secret-nobody-told-us";
const FORGER = "forger-guess";
const INKBOX_KEY = "whsec_quarantine_inkbox_key";
const NEW_INKBOX_KEY = "whsec_quarantine_new_inkbox_key";
const QUARANTINE_KEY = Buffer.alloc(32, 7).toString("base64");
const CANARY = "canary-quokka-7d1f3e";
const PASSWORD = "Mb!xyzAB8921"; // the mailbox password every mailboxEvent carries

function configure(inboxKitSecrets: string, inkboxKeys: string): void {
  configureInboxKit("hmac-sha256", inboxKitSecrets);
  Object.assign(process.env, {
    SESSION_SECRET: "quarantine-session-secret-0123456789",
    DASHBOARD_PASSWORD: "pw",
    DASHBOARD_API_TOKEN: TOKEN,
    INKBOX_SIGNING_KEYS: inkboxKeys,
    QUARANTINE_KEY,
  });
  resetConfig();
}

const reverify = async (): Promise<ReverifyResult> => {
  const response = await reverifyPOST(
    new Request("http://localhost/api/deliveries/reverify", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: "{}",
    }),
  );
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
};

/** What /deliveries shows, as its JSON text and parsed. */
async function deliveriesPage(): Promise<{ text: string; quarantined: number; counted: number }> {
  const response = await deliveriesGET(
    new Request("http://localhost/api/deliveries?limit=100", { headers: { authorization: `Bearer ${TOKEN}` } }),
  );
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, ...(JSON.parse(text) as { quarantined: number; counted: number }) };
}

const delivery = (i: number, secret: string) =>
  signedRequest(
    mailboxEvent(`mb-q-${i}`, "active", new Date(Date.UTC(2024, 4, 1, 0, i)).toISOString(), {
      custom_fields: { note: `${CANARY}-${i}` },
    }),
    { scheme: "hmac-sha256", secret },
  );

function inkboxRequest(secret: string, sentAt: Date, id: string): Request {
  const mail = {
    id,
    mailboxEmail: "ops@quarantine.example",
    direction: "outbound" as const,
    from: "ops@quarantine.example",
    to: ["maria@acme.com"],
    subject: `Subject ${CANARY}`,
    createdAt: sentAt,
  };
  const signed = signInkbox(inkboxMessageEvent("message.sent", mail, { at: sentAt }), { secret, sentAt });
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers, body: signed.body });
}

/** Every byte SQLite holds for the database (main file and write-ahead log). */
function sqliteBytes(url: string): string {
  const file = url.replace(/^file:/, "");
  return [file, `${file}-wal`]
    .filter(existsSync)
    .map((f) => readFileSync(f).toString("latin1"))
    .join("");
}

describe.each(await providers())("quarantine and re-verify on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configure(KNOWN, INKBOX_KEY);
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());
  afterEach(() => {
    vi.useRealTimers();
    setRefusalCap();
  });

  it("refuses 20 deliveries signed with an unknown key and 5 forged ones, recovers the 20 after a restart, twice safe", async () => {
    for (let i = 0; i < 20; i++) expect((await inboxKitPOST(delivery(i, NEW_KEY))).status).toBe(401);
    for (let i = 20; i < 25; i++) expect((await inboxKitPOST(delivery(i, FORGER))).status).toBe(401);
    // An Inkbox message signed with a key not configured yet, received 20 minutes ago (past the 300 s
    // window now), and one whose timestamp was already 10 minutes old when it arrived.
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000);
    vi.useFakeTimers({ toFake: ["Date"], now: twentyMinutesAgo });
    expect((await inkboxPOST(inkboxRequest(NEW_INKBOX_KEY, twentyMinutesAgo, "msg_q_new"))).status).toBe(401);
    expect(
      (await inkboxPOST(inkboxRequest(INKBOX_KEY, new Date(twentyMinutesAgo.getTime() - 600_000), "msg_q_old"))).status,
    ).toBe(401);
    vi.useRealTimers();

    const refused = await t.db.prisma.rejectedDelivery.findMany({ orderBy: { id: "asc" } });
    expect(refused.map((r) => r.reason)).toEqual([
      ...Array(25).fill("bad_signature"),
      "bad_signature",
      "stale_timestamp",
    ]);
    expect(refused.every((r) => r.sealed?.startsWith("v1.") && r.sealedUntil)).toBe(true);
    expect(refused[0].sealedUntil!.getTime() - refused[0].receivedAt.getTime()).toBe(QUARANTINE_MS);
    // Sealed: neither the body nor its credentials nor the signature can be read in the database.
    const dump = await dumpAll(t.db);
    for (const secret of [CANARY, PASSWORD, "sha256="]) expect(dump).not.toContain(secret);
    if (provider === "sqlite")
      for (const secret of [CANARY, PASSWORD]) expect(sqliteBytes(t.url)).not.toContain(secret);
    // ... and it opens with the key: the exact bytes that arrived.
    const opened = unseal(Buffer.from(QUARANTINE_KEY, "base64"), "inboxkit", refused[0].sealed!)!;
    expect(opened.body.toString()).toContain(`${CANARY}-0`);
    expect(opened.headers["x-inboxkit-signature"]).toMatch(/^sha256=/);
    expect(unseal(Buffer.alloc(32, 8), "inboxkit", refused[0].sealed!)).toBeNull();
    expect(unseal(Buffer.from(QUARANTINE_KEY, "base64"), "inkbox", refused[0].sealed!)).toBeNull();

    // The page counts them and never carries a body or the sealed text.
    const page = await deliveriesPage();
    expect(page.quarantined).toBe(27);
    for (const secret of [CANARY, PASSWORD, 'sealed"', refused[0].sealed!]) expect(page.text).not.toContain(secret);

    // Before the fix nothing passes.
    expect(await reverify()).toEqual({ checked: 27, recovered: 0, stillFailing: 27 });
    expect(await t.db.prisma.webhookEvent.count()).toBe(0);

    // The operator adds the new key and restarts (a fresh configuration).
    configure(`${KNOWN},${NEW_KEY}`, `${INKBOX_KEY},${NEW_INKBOX_KEY}`);
    expect(await reverify()).toEqual({ checked: 27, recovered: 21, stillFailing: 6 });

    const events = await t.db.prisma.webhookEvent.findMany({ orderBy: { id: "asc" } });
    expect(events).toHaveLength(21);
    const mailboxes = await t.db.prisma.mailbox.findMany({ select: { uid: true } });
    expect(mailboxes.map((m) => m.uid).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `mb-q-${i}`).sort((a, b) => a.localeCompare(b)),
    );
    const after = await t.db.prisma.rejectedDelivery.findMany({ orderBy: { id: "asc" } });
    for (const row of after.slice(0, 20).concat(after[25])) {
      expect(row.recoveredAt).not.toBeNull();
      expect(row.sealed).toBeNull();
      const event = events.find((e) => e.id === row.recoveredEventId)!;
      expect(event.receivedAt.getTime()).toBe(row.receivedAt.getTime()); // the original received time
    }
    // Nothing lost: every refusal is either an event now or still quarantined.
    expect(after.filter((r) => r.sealed !== null).map((r) => r.id)).toEqual(
      [...after.slice(20, 25), after[26]].map((r) => r.id),
    );
    // Credentials were removed by the normal ingest path.
    expect(await dumpAll(t.db)).not.toContain(PASSWORD);
    expect(events.find((e) => e.vendor === "inboxkit")!.payload).toContain(CANARY);

    expect((await deliveriesPage()).quarantined).toBe(6);
    // A second run ingests nothing twice.
    expect(await reverify()).toEqual({ checked: 6, recovered: 0, stillFailing: 6 });
    expect(await t.db.prisma.webhookEvent.count()).toBe(21);
    expect((await t.db.prisma.webhookEvent.findMany()).every((e) => e.duplicateCount === 1)).toBe(true);
    const audit = await t.db.prisma.auditLog.findMany({
      where: { action: "deliveries.reverify" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.summary)).toEqual([
      "Re-verified 27 quarantined deliveries: 0 recovered, 27 still fail",
      "Re-verified 27 quarantined deliveries: 21 recovered, 6 still fail",
      "Re-verified 6 quarantined deliveries: 0 recovered, 6 still fail",
    ]);
  });

  it("re-verify needs an operator", async () => {
    const response = await reverifyPOST(
      new Request("http://localhost/api/deliveries/reverify", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(401);
  });

  it("past the cap, a flood of unsigned requests is counted per vendor, reason and hour, not stored", async () => {
    setRefusalCap(40);
    const before = await t.db.prisma.rejectedDelivery.count({ where: { reason: "missing_signature" } });
    expect(before).toBe(0);
    const unsigned = () =>
      new Request("http://localhost/api/webhooks/inboxkit", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ event: "domain.status_changed", filler: "x".repeat(4000) }),
      });
    const FLOOD = 300;
    for (let i = 0; i < FLOOD; i++) expect((await inboxKitPOST(unsigned())).status).toBe(401);
    expect(await t.db.prisma.rejectedDelivery.count({ where: { reason: "missing_signature" } })).toBe(40);
    const counters = await t.db.prisma.refusalCounter.findMany();
    expect(counters.every((c) => c.vendor === "inboxkit" && c.reason === "missing_signature")).toBe(true);
    expect(counters.reduce((sum, c) => sum + c.count, 0)).toBe(FLOOD - 40);
    expect((await deliveriesPage()).counted).toBe(FLOOD - 40);
    // The quarantine has its own room: a signature failure is still kept (27 of 40 are used).
    expect((await inboxKitPOST(delivery(99, FORGER))).status).toBe(401);
    const last = await t.db.prisma.rejectedDelivery.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(last.reason).toBe("bad_signature");
    expect(last.sealed).not.toBeNull();
  });
});
