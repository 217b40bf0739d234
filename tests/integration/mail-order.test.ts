// The mailboxes list sorted by mail health (sort=mailHealth) on real databases (SQLite and
// PostgreSQL), fed through the InboxKit and Inkbox routes: worst first (failing, bounces rising,
// flowing by bounce share then volume, quiet), mailboxes without mail last in both directions; the
// keys come from the hourly rollups, never raw mail rows; new mail re-sorts at once and mail ageing
// out of the 24 h window re-sorts when its hour leaves; the JSON API, the CSV export (same order,
// with the health state) and a 400 naming a bad sort value.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as inkboxPOST } from "@/app/api/webhooks/inkbox/route";
import { GET as mailboxesGET } from "@/app/api/mailboxes/route";
import { GET as mailboxesExportGET } from "@/app/api/mailboxes/export/route";
import { resetConfig } from "@/lib/config";
import { inkboxMessageEvent, signInkbox } from "@/lib/simulator/inkbox";
import { listMailboxes, mailboxListQuery } from "@/lib/queries/mailboxes";
import { mailOrderCatchUp, refreshForSortedRead, refreshMailOrder } from "@/lib/queries/mail-order";
import { refreshMailVerdicts } from "@/lib/queries/mail-verdict";
import { mailActivitySummaries } from "@/lib/queries/mail-activity";
import { FOREVER } from "@/lib/queries/mail-refresh";
import { attentionItems, attentionPage } from "@/lib/queries/attention";
import { attentionQuery } from "@/lib/attention/page";
import { database } from "@/lib/db/client";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, deliverAccepted, mailboxEvent } from "../helpers/inboxkit";

const TOKEN = "mail-order-api-token-0123456789abcdef";
const KEY = "inkbox_order_key";
const NOW = Date.now();
const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(NOW - h * HOUR);
const email = (uid: string) => `jane.${uid}@example.com`;

let n = 0;
async function mail(eventType: string, uid: string, ageHours: number) {
  n += 1;
  const outbound = eventType !== "message.received";
  const payload = inkboxMessageEvent(
    eventType,
    {
      id: `msg_order_${n}`,
      mailboxEmail: email(uid),
      direction: outbound ? "outbound" : "inbound",
      from: outbound ? email(uid) : "prospect@acme.com",
      to: outbound ? ["prospect@acme.com"] : [email(uid)],
      subject: `Subject ${n}`,
      createdAt: hoursAgo(ageHours),
    },
    { at: hoursAgo(ageHours) },
  );
  const d = signInkbox(payload, { secret: KEY });
  const res = await inkboxPOST(
    new Request("http://localhost/api/webhooks/inkbox", { method: "POST", headers: d.headers, body: d.body }),
  );
  expect(res.status).toBe(200);
}

/** The two values a mailbox keeps of its mail, each with its refresh and until column. */
const caches = [
  [
    "key",
    {
      refresh: refreshMailOrder,
      until: "mailHealthUntil",
      value: async (uid: string) =>
        (await database().prisma.mailbox.findUniqueOrThrow({ where: { uid } })).mailHealthKey,
    },
  ],
  [
    "verdict",
    {
      refresh: refreshMailVerdicts,
      until: "mailVerdictUntil",
      value: async (uid: string) => (await database().prisma.mailbox.findUniqueOrThrow({ where: { uid } })).mailVerdict,
    },
  ],
] as const;

const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
const sorted = async (query: string, now = new Date()) =>
  (await listMailboxes(mailboxListQuery.parse(Object.fromEntries(new URLSearchParams(query))), now)).rows.map(
    (r) => r.uid,
  );

describe.each(await providers())("mailboxes sorted by mail health on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      INKBOX_SIGNING_KEYS: KEY,
      SESSION_SECRET: "mail-order-session-secret-0123456789",
      DASHBOARD_API_TOKEN: TOKEN,
    });
    resetConfig();
    t = await freshDatabase(provider);
    for (const uid of ["never", "quiet", "small", "big", "blip", "leaky", "rising", "failing"])
      await deliverAccepted(mailboxEvent(uid, "active", hoursAgo(300).toISOString()));
    // failing: today nothing gets through.
    await mail("message.failed", "failing", 3);
    await mail("message.bounced", "failing", 2);
    // rising: 1 of 4 bounced today, none in the days before.
    for (const h of [50, 60]) await mail("message.delivered", "rising", h);
    await mail("message.bounced", "rising", 2);
    for (const h of [3, 4, 5]) await mail("message.delivered", "rising", h);
    // leaky: flowing, but 1 of 60 bounced over the week (1.7 %, under the alarm) and none today.
    await mail("message.bounced", "leaky", 40);
    for (let i = 0; i < 59; i++) await mail("message.delivered", "leaky", 30 + i);
    // blip: its one message today bounced, after 99 delivered in the week (1 %).
    await mail("message.bounced", "blip", 1);
    for (let i = 0; i < 99; i++) await mail("message.delivered", "blip", 30 + i);
    // big and small: clean; big has more mail.
    for (let i = 0; i < 6; i++) await mail("message.delivered", "big", 2 + i);
    await mail("message.delivered", "small", 4);
    // quiet: mail only 10 days ago. never: no mail at all.
    await mail("message.delivered", "quiet", 240);
  });
  afterAll(async () => t.drop());

  it("sorts worst first from the rollups alone, mailboxes without mail last in both directions", async () => {
    const raw = [vi.spyOn(t.db.prisma.mailActivity, "groupBy"), vi.spyOn(t.db.prisma.mailActivity, "findMany")];
    await refreshMailOrder();
    for (const spy of raw) expect(spy).not.toHaveBeenCalled();
    raw.forEach((spy) => spy.mockRestore());

    expect(await sorted("sort=mailHealth")).toEqual([
      "failing",
      "blip",
      "rising",
      "leaky",
      "big",
      "small",
      "quiet",
      "never",
    ]);
    expect(await sorted("sort=mailHealth&dir=desc")).toEqual([
      "quiet",
      "small",
      "big",
      "leaky",
      "rising",
      "blip",
      "failing",
      "never",
    ]);
    const page = await listMailboxes(mailboxListQuery.parse({ sort: "mailHealth" }));
    expect(page.rows.map((r) => r.mail?.health.state)).toEqual([
      "failing",
      "bounces_rising",
      "bounces_rising",
      "flowing",
      "flowing",
      "flowing",
      "quiet",
      "no_mail",
    ]);
  });

  it("re-sorts when new mail arrives", async () => {
    // small's next two messages fail (2 of its 3 today): from sixth to second at once, behind
    // failing (2 of 2).
    expect((await sorted("sort=mailHealth"))[5]).toBe("small");
    await mail("message.failed", "small", 0.5);
    await mail("message.failed", "small", 0.4);
    expect((await sorted("sort=mailHealth")).slice(0, 3)).toEqual(["failing", "small", "blip"]);
  });

  it("takes the sort in the JSON API and the CSV export (same order, with the health state); a bad value is a 400 naming it", async () => {
    const body = await (await mailboxesGET(get("/api/mailboxes?sort=mailHealth&pageSize=3"))).json();
    expect(body.sort).toBe("mailHealth");
    expect(body.dir).toBe("asc");
    expect(body.rows.map((r: { uid: string }) => r.uid)).toEqual(["failing", "small", "blip"]);
    const csv = (await (await mailboxesExportGET(get("/api/mailboxes/export?sort=mailHealth"))).text()).split("\n");
    expect(csv[0]).toContain("mailHealth");
    expect(csv.slice(1, 4).map((line) => line.split(",")[0])).toEqual(["failing", "small", "blip"]);
    expect(csv[1]).toMatch(/,failing$/);
    expect(csv[8]).toMatch(/^never,.*,no_mail$/);
    for (const route of [mailboxesGET, mailboxesExportGET]) {
      const response = await route(get("/api/x?sort=mailhealth"));
      expect(response.status).toBe(400);
      const error = (await response.json()).error;
      expect(error.message).toContain("sort");
      expect(error.message).toContain("mailHealth");
    }
  });

  it("re-sorts when mail ages out of the 24 h window (the keys hold until then)", async () => {
    // 26 hours on, today's mail is yesterday's: all are flowing; the week's shares order them now
    // (blip's one bounce in 100 falls behind leaky's one in 60), and volume the clean ones.
    const later = new Date(NOW + 26 * HOUR);
    expect(await sorted("sort=mailHealth", later)).toEqual([
      "failing",
      "small",
      "rising",
      "leaky",
      "blip",
      "big",
      "quiet",
      "never",
    ]);
  });

  // At 100,000 mailboxes the first sorted read after the migration computed every key before it
  // answered (65.8 s on SQLite, 75.7 s on PostgreSQL). A read now computes a bounded number (here 2
  // batches of 2) and leaves the rest to one background refresh.
  it("computes a bounded number of keys on the request path and the rest in the background", async () => {
    const now = new Date();
    const reset = () => t.db.prisma.mailbox.updateMany({ data: { mailHealthKey: null, mailHealthUntil: null } });
    const keys = async () =>
      (await t.db.prisma.mailbox.findMany({ select: { uid: true, mailHealthKey: true }, orderBy: { uid: "asc" } })).map(
        (m) => `${m.uid} ${m.mailHealthKey}`,
      );
    await reset();
    await refreshMailOrder(now);
    const all = await keys();
    expect(all.length).toBeGreaterThan(4);

    await reset();
    await refreshForSortedRead(now, { batch: 2, batches: 2 });
    expect(await t.db.prisma.mailbox.count({ where: { mailHealthUntil: { not: null } } })).toBe(4);
    await mailOrderCatchUp();
    expect(await keys()).toEqual(all);
  });

  // A key (and a verdict) counts the whole hours of its windows, so it holds up to and including the
  // instant its oldest hour is exactly 24 h old (ceilHour keeps that hour in the window). One computed
  // at that instant must not be stale at it: otherwise the refresh, whose `now` is fixed, reads the
  // same rows back and rewrites them for ever (a batch of them at an hour boundary: the scheduler's
  // walk never ends), and the mail item of a failing mailbox is missing at that instant.
  it.each(caches)(
    "keeps a %s computed on an hour boundary valid at that instant (the refresh ends, the mail item shows)",
    async (_, cache) => {
      const at = new Date(Math.floor((NOW - 3 * HOUR) / HOUR) * HOUR + 24 * HOUR); // failing's oldest hour, 24 h on
      await t.db.prisma.mailbox.updateMany({ data: { [cache.until]: null } });
      const mailboxes = await t.db.prisma.mailbox.count();
      expect(await cache.refresh(at, { batch: 1, batches: 3 * mailboxes })).toEqual({
        written: mailboxes,
        complete: true,
      });
      expect(await cache.refresh(at)).toEqual({ written: 0, complete: true });
      const mail = (await attentionItems(at)).filter((i) => i.kind === "mail").map((i) => i.uid);
      expect(mail).toContain("failing");
    },
  );

  // InboxKit can change a mailbox's address while a refresh computes its key or verdict from the old
  // one (it clears both untils but does not move mail_seq): the value of the old address must not be
  // written over the new one, or the list and the attention queue show the old address's mail
  // health as the mailbox's current one until that value expires (up to a day, or for ever).
  it.each(caches)("does not write a %s computed for an address the mailbox no longer has", async (_, cache) => {
    const uid = cache.until === "mailHealthUntil" ? "failing" : "small"; // both failing: small since its two failures
    const now = new Date();
    await cache.refresh(now);
    expect(await cache.value(uid)).not.toBeNull();
    await t.db.prisma.mailbox.update({ where: { uid }, data: { [cache.until]: null } });
    const renamed = await whileComputing(() =>
      t.db.prisma.mailbox.update({
        where: { uid },
        data: { email: `jane.renamed.${uid}@example.com`, mailHealthUntil: null, mailVerdictUntil: null },
      }),
    );
    await cache.refresh(now);
    expect(renamed()).toBe(true);
    expect(await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid } })).toMatchObject({ [cache.until]: null });
    await cache.refresh(now);
    expect(await cache.value(uid)).toBeNull(); // no mail at the new address
  });

  // New mail for an address while a refresh computes its value (Inkbox ingest bumps mail_seq and
  // clears the until): the value computed from the rollups before that mail must not be written, or
  // it holds as if the mail had not come (a verdict: for ever). leaky has had no mail for 30 h; one
  // failure now makes it failing.
  it.each(caches)("does not write a %s computed before new mail arrived (mail_seq)", async (_, cache) => {
    const now = new Date();
    await cache.refresh(now);
    await t.db.prisma.mailbox.update({ where: { uid: "leaky" }, data: { [cache.until]: null } });
    const mailed = await whileComputing(() => mail("message.failed", "leaky", 0.1));
    await cache.refresh(now);
    expect(mailed()).toBe(true);
    expect(await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "leaky" } })).toMatchObject({
      [cache.until]: null,
    });
    await cache.refresh(now);
    expect(await cache.value("leaky")).toMatch(cache.until === "mailHealthUntil" ? /^0\./ : /^failing$/);
  });

  // Inkbox ingest marks the key due for any new mail, the verdict only for an outbound outcome
  // (delivered, bounced, failed): received mail cannot change failing / bounces rising or since when.
  it("new mail marks the key due, and the verdict only when it is delivered, bounced or failed", async () => {
    const now = new Date();
    const untils = async () => {
      const m = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "quiet" } });
      return { key: m.mailHealthUntil, verdict: m.mailVerdictUntil };
    };
    await refreshMailOrder(now);
    await refreshMailVerdicts(now);
    await mail("message.received", "quiet", 0.1);
    expect(await untils()).toEqual({ key: null, verdict: FOREVER });
    await refreshMailOrder(now);
    await mail("message.delivered", "quiet", 0.1);
    expect(await untils()).toEqual({ key: null, verdict: null });
  });

  // The verdict rarely expires: big's clean mail of the last hours makes its key expire within a day
  // (then every hour, as each of those hours leaves the 24 h window), its verdict never. The scheduler's walk and the attention queue's reads refresh
  // verdicts only: keys are left to sorted reads.
  it("the walk and the queue's reads refresh due verdicts only; a clean mailbox's verdict holds for ever", async () => {
    const now = new Date();
    await refreshMailOrder(now);
    await refreshMailVerdicts(now);
    const big = await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "big" } });
    expect(big.mailHealthUntil!.getTime()).toBeLessThanOrEqual(now.getTime() + 24 * HOUR + 1);
    expect(big.mailVerdictUntil).toEqual(FOREVER);
    expect(big.mailVerdict).toBeNull();
    await t.db.prisma.mailbox.updateMany({ data: { mailHealthUntil: null, mailVerdictUntil: null } });
    await attentionItems(now);
    await attentionPage(attentionQuery.parse({}), now);
    expect(await t.db.prisma.mailbox.count({ where: { mailHealthUntil: null } })).toBe(8);
    expect(await t.db.prisma.mailbox.count({ where: { mailVerdictUntil: null } })).toBe(0);
  });

  // bounces_rising compares today's bounce rate with the 6 days before, so the verdict's query must read
  // the whole 7 d window of a troubled address, not only the 24 h that made it a candidate.
  it("a verdict weighs today's bounce rate against the 6 days before, as the mailbox's health does", async () => {
    for (const uid of ["steady", "worse"])
      await deliverAccepted(mailboxEvent(uid, "active", hoursAgo(300).toISOString()));
    // steady: 1 of 10 bounced today, 2 of 10 in the days before (not rising); worse: 1 of 4 today, 1 of 20 before.
    for (const [uid, today, before] of [
      ["steady", 9, [2, 8]],
      ["worse", 3, [1, 19]],
    ] as const) {
      await mail("message.bounced", uid, 2);
      for (let i = 0; i < today; i++) await mail("message.delivered", uid, 3 + i);
      for (let i = 0; i < before[0]; i++) await mail("message.bounced", uid, 40 + i);
      for (let i = 0; i < before[1]; i++) await mail("message.delivered", uid, 50 + i);
    }
    const now = new Date();
    await refreshMailVerdicts(now);
    const verdicts = await t.db.prisma.mailbox.findMany({
      where: { uid: { in: ["steady", "worse"] } },
      select: { uid: true, mailVerdict: true },
      orderBy: { uid: "asc" },
    });
    const health = await mailActivitySummaries([email("steady"), email("worse")], now);
    expect(verdicts).toEqual([
      { uid: "steady", mailVerdict: null },
      { uid: "worse", mailVerdict: "bounces_rising" },
    ]);
    expect([health[email("steady")].health.state, health[email("worse")].health.state]).toEqual([
      "flowing",
      "bounces_rising",
    ]);
  });
});

/** Runs `change` once, just after the next read of mail_rollups and before the refresh writes; says whether it ran. */
async function whileComputing(change: () => Promise<unknown>): Promise<() => boolean> {
  const prisma = database().prisma;
  const query = prisma.$queryRaw.bind(prisma);
  let ran = false;
  const spy = vi.spyOn(prisma, "$queryRaw").mockImplementation(((
    strings: TemplateStringsArray,
    ...values: unknown[]
  ) => {
    const result = query(strings, ...values);
    if (ran || !strings.join("").includes('"mail_rollups"')) return result;
    ran = true;
    return result.then(async (rows: unknown) => {
      spy.mockRestore();
      await change();
      return rows;
    });
  }) as never);
  return () => ran;
}
