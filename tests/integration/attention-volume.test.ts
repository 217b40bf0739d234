// The attention queue with more failing mailboxes than one statement may bind on SQLite (Prisma allows
// 999 values there): 1,100 addresses whose Inkbox mail all bounced in the last hours, seeded set-based
// (tests/bench/seed.ts), each must come out as one `mail` item. Found by the bench's scale stage: at
// 100,000 mailboxes the overview and /api/attention answered 500 (P2029, parameter limit exceeded).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionItems } from "@/lib/queries/attention";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { openBulk } from "../bench/seed";
import { insertMailRollups } from "../bench/events";

const ADDRESSES = 1_100;
const BOUNCES_EACH = 3;

describe.each(await providers())("attention queue with %s and 1,100 failing mailboxes", (provider) => {
  let t: TestDatabase;
  const now = new Date();

  beforeAll(async () => {
    t = await freshDatabase(provider);
    const bulk = await openBulk(provider, t.url);
    try {
      const at = bulk.time(`${Math.floor(now.getTime() / 1000) - 7200} + n`);
      await bulk.run(`INSERT INTO "mail_activity" ("dedupe_key", "mailbox_email", "mailbox_email_source", "event_type",
          "message_uid", "direction", "status", "occurred_at", "received_at")
        SELECT 'inkbox:event:evt_' || n, 'burn' || (n % ${ADDRESSES}) || '@volume.test', 'email_address', 'message.bounced',
          'msg_' || n, 'outbound', 'bounced', ${at}, ${at}
        FROM ${bulk.series(0, ADDRESSES * BOUNCES_EACH - 1)}`);
      await insertMailRollups(bulk);
    } finally {
      await bulk.close();
    }
  }, 120_000);
  afterAll(() => t?.drop());

  it("lists every failing address once", async () => {
    const mail = (await attentionItems(now)).filter((i) => i.kind === "mail");
    expect(mail).toHaveLength(ADDRESSES);
    expect(new Set(mail.map((i) => i.label)).size).toBe(ADDRESSES);
    expect(mail.every((i) => i.severity === "critical")).toBe(true);
  }, 120_000);
});
