// The attention queue with more failing mailboxes than one statement may bind on SQLite (Prisma allows
// 999 values there): 1,100 addresses whose Inkbox mail all bounced in the last hours, seeded set-based
// (tests/bench/seed.ts), each must come out as one `mail` item. Found by the bench's scale stage: at
// 100,000 mailboxes the overview and /api/attention answered 500 (P2029, parameter limit exceeded).
// Mail items now come from each mailbox's kept mail trouble verdict (lib/queries/mail-verdict.ts): the
// walk computes every due verdict first, a page read a bounded batch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionItems, MAIL_READ_LIMITS } from "@/lib/queries/attention";
import { mailVerdictCatchUp } from "@/lib/queries/mail-verdict";
import { listMailboxes, mailboxListQuery } from "@/lib/queries/mailboxes";
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
      // Their mailboxes, so that `?attention=open` lets each in by its open mail item.
      const seen = bulk.time(`${Math.floor(now.getTime() / 1000) - 30 * 86400}`);
      await bulk.run(`INSERT INTO "mailboxes" ("uid", "email", "status", "platform", "workspace_id", "last_occurred_at",
          "status_since", "order_key", "first_seen_at", "updated_at")
        SELECT 'MBX-burn-' || n, 'burn' || n || '@volume.test', 'active', 'GOOGLE', 'ws-volume', ${seen}, ${seen}, 'k', ${seen}, ${seen}
        FROM ${bulk.series(0, ADDRESSES - 1)}`);
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

  it("lists every mailbox with open mail trouble under ?attention=open (P2029 at 100,000 mailboxes before)", async () => {
    // 1,100 mailboxes without a mail trouble verdict yet: a read computes a bounded batch of them
    // (MAIL_READ_LIMITS) and leaves the rest to the background refresh; then every one is in.
    await t.db.prisma.mailbox.updateMany({ data: { mailVerdictUntil: null } });
    const first = await listMailboxes(mailboxListQuery.parse({ attention: "open", pageSize: "200" }), now);
    expect(first.total).toBeGreaterThanOrEqual(MAIL_READ_LIMITS.batch);
    await mailVerdictCatchUp();
    const page = await listMailboxes(mailboxListQuery.parse({ attention: "open", pageSize: "200" }), now);
    expect(page.total).toBe(ADDRESSES);
    expect(page.rows).toHaveLength(200);
    expect(page.rows.every((r) => r.uid.startsWith("MBX-burn-"))).toBe(true);
  }, 120_000);
});
