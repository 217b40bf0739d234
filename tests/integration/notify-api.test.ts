// GET /api/notifications: operator-only, filters by status and channel, pages by id, refuses an
// unknown parameter, and shows a customer's signed link without its token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/notifications/route";
import { resetConfig } from "@/lib/config";
import { enqueue } from "@/lib/notify/outbox";
import type { NotificationContent } from "@/lib/notify/message";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

const TOKEN = "notify-api-token-0123456789abcdef";
const get = (query = "", auth = true) =>
  GET(
    new Request(`http://localhost/api/notifications${query}`, {
      headers: auth ? { authorization: `Bearer ${TOKEN}` } : {},
    }),
  );

const content = (title: string, audience: "operator" | "customer", url: string): NotificationContent => ({
  kind: audience === "customer" ? "nudge" : "alert",
  audience,
  severity: "warning",
  title,
  body: [],
  link: { label: "Open", url },
  item: { id: `item-${title}`, kind: "stuck", workspaceId: "ws-1" },
  occurredAt: "2026-12-01T12:00:00.000Z",
});

describe.each(await providers())("GET /api/notifications on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    process.env.DASHBOARD_API_TOKEN = TOKEN;
    resetConfig();
    t = await freshDatabase(provider);
    const now = new Date("2026-12-01T12:00:00Z");
    await enqueue(
      t.db,
      [
        ...Array.from({ length: 5 }, (_, i) => ({
          dedupeKey: `k${i}`,
          to: { channel: "slack" as const, recipient: null },
          kind: "alert" as const,
          itemId: `item-${i}`,
          workspaceId: "ws-1",
          content: content(`alert ${i}`, "operator", `http://dash.test/domains/d${i}`),
        })),
        {
          dedupeKey: "nudge",
          to: { channel: "email", recipient: "ada@customer.example" },
          kind: "nudge",
          itemId: "item-n",
          workspaceId: "ws-1",
          content: content("Grant access", "customer", "http://dash.test/onboarding/ws-1?token=SECRETTOKEN.abc"),
        },
      ],
      now,
    );
    await t.db.prisma.notification.updateMany({
      where: { dedupeKey: { in: ["k0", "k1"] } },
      data: { status: "sent", attempts: 1, sentAt: now },
    });
  });
  afterAll(async () => t.drop());

  it("needs an operator", async () => {
    expect((await get("", false)).status).toBe(401);
  });

  it("lists newest first with counts by status, filters and pages", async () => {
    const all = (await (await get()).json()) as {
      rows: { title: string; status: string }[];
      counts: Record<string, number>;
    };
    expect(all.rows.map((r) => r.title)).toEqual([
      "Grant access",
      "alert 4",
      "alert 3",
      "alert 2",
      "alert 1",
      "alert 0",
    ]);
    expect(all.counts).toEqual({ pending: 4, sent: 2, failed: 0, cancelled: 0 });
    const sent = (await (await get("?status=sent")).json()) as { rows: { title: string }[] };
    expect(sent.rows.map((r) => r.title)).toEqual(["alert 1", "alert 0"]);
    const email = (await (await get("?channel=email")).json()) as { rows: { recipient: string }[] };
    expect(email.rows.map((r) => r.recipient)).toEqual(["ada@customer.example"]);
    const first = (await (await get("?limit=4")).json()) as { rows: unknown[]; nextBefore: number };
    const second = (await (await get(`?limit=4&before=${first.nextBefore}`)).json()) as {
      rows: { title: string }[];
      nextBefore: number | null;
    };
    expect(first.rows).toHaveLength(4);
    expect(second.rows.map((r) => r.title)).toEqual(["alert 1", "alert 0"]);
    expect(second.nextBefore).toBeNull();
  });

  it("never shows a customer's link token", async () => {
    const body = await (await get("?channel=email")).text();
    expect(body).toContain("http://dash.test/onboarding/ws-1?token=…");
    expect(body).not.toContain("SECRETTOKEN");
  });

  it("refuses an unknown or malformed parameter with 400", async () => {
    expect((await get("?colour=red")).status).toBe(400);
    expect((await get("?status=lost")).status).toBe(400);
  });
});
