// Refusals past the storage cap are only counted (refusal_counters, per vendor, reason and hour), yet
// a refused genuine delivery is lost: they must raise the attention queue's refused_deliveries item
// and its alert as stored ones do. Here the vendor's pool filled two hours ago (rows outside the
// queue's one-hour window and the alerts' five minutes), then unsigned requests arrive and are counted.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as inboxKitPOST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { attentionItems } from "@/lib/queries/attention";
import { openItems } from "@/lib/notify/sources";
import { hourOf, setRefusalCap } from "@/lib/webhooks/quarantine";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit } from "../helpers/inboxkit";

const CAP = 5;
const HOUR = 3_600_000;

const unsigned = () =>
  new Request("http://localhost/api/webhooks/inboxkit", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ event: "domain.status_changed", uid: "dom-1", status: "active" }),
  });

describe.each(await providers())("refusals counted past the cap on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit("hmac-sha256", "refusal-attention-secret");
    process.env.DASHBOARD_API_TOKEN = "refusal-attention-token-0123456789";
    process.env.SESSION_SECRET = "refusal-attention-session-secret-01";
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());
  afterEach(() => setRefusalCap());

  const refusedItem = async (now: Date) =>
    (await attentionItems(now)).find(
      (i) => i.kind === "refused_deliveries" && i.uid === "inboxkit" && i.status === "missing_signature",
    );

  it("raise the refused_deliveries item and its alert though no row was stored in the window", async () => {
    setRefusalCap(CAP);
    const filledAt = new Date(Date.now() - 2 * HOUR);
    await t.db.prisma.rejectedDelivery.createMany({
      data: Array.from({ length: CAP }, (_, i) => ({
        vendor: "inboxkit",
        reason: "missing_signature",
        detail: "no signature header",
        size: 10,
        bodySha256: String(i).padStart(64, "0"),
        headers: "{}",
        receivedAt: filledAt,
      })),
    });
    expect(await refusedItem(new Date())).toBeUndefined(); // the stored ones are two hours old

    for (let i = 0; i < 4; i++) expect((await inboxKitPOST(unsigned())).status).toBe(401);
    expect(await t.db.prisma.rejectedDelivery.count()).toBe(CAP); // nothing more stored: counted
    const counters = await t.db.prisma.refusalCounter.findMany();
    expect(counters.reduce((n, c) => n + c.count, 0)).toBe(4);

    const now = new Date();
    const item = await refusedItem(now);
    expect(item).toMatchObject({ severity: "critical", workspaceId: null });
    expect(item!.label).toBe(
      "InboxKit: 4 refused (missing signature) in the last hour (4 past the storage cap: counted, not kept)",
    );
    const alert = (await openItems(t.db, now)).find((o) => o.id === item!.id);
    expect(alert).toMatchObject({ silenced: false, path: "/deliveries" });
  });

  it("stop raising it once their hour has ended more than the window ago", async () => {
    const later = new Date(hourOf(new Date()).getTime() + 2 * HOUR + 1);
    expect(await refusedItem(later)).toBeUndefined();
    expect((await openItems(t.db, later)).some((o) => o.kind === "refused_deliveries")).toBe(false);
  });
});
