// Workspace settings and attention budgets through their route handlers on SQLite and PostgreSQL:
// the contract shape, partial updates, validation (400 naming the field, unknown fields refused),
// the audit log recording who changed what, and a budget change moving an item in the queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as settingsGET, PUT as settingsPUT } from "@/app/api/workspaces/[workspaceId]/settings/route";
import { GET as budgetsGET, PUT as budgetsPUT } from "@/app/api/settings/budgets/route";
import { GET as auditGET } from "@/app/api/audit/route";
import { POST as linkPOST } from "@/app/api/workspaces/[workspaceId]/customer-link/route";
import { resetConfig } from "@/lib/config";
import { openAttentionItems } from "@/lib/queries/attention";
import { verifyCustomerLink } from "@/lib/customer-link";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { operatorSessionCookie, TEST_OPERATOR_EMAIL } from "../helpers/operator";
import { configureInboxKit } from "../helpers/inboxkit";

const TOKEN = "settings-api-token-0123456789abcdef";
const LINK_SECRET = "settings-link-secret-0123456789abcdef";
const BASE = "http://localhost";

function call(path: string, method = "GET", body?: unknown, auth: "bearer" | "session" = "bearer"): Request {
  const headers: Record<string, string> =
    auth === "bearer" ? { authorization: `Bearer ${TOKEN}` } : { cookie: sessionCookie, origin: BASE };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const ws = (workspaceId: string) => ({ params: Promise.resolve({ workspaceId }) });

/** The Cookie header of a signed-in operator in the current database (set per provider). */
let sessionCookie = "";

describe.each(await providers())("settings on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      SESSION_SECRET: "settings-session-secret-0123456789",
      DASHBOARD_PASSWORD: "settings password",
      DASHBOARD_API_TOKEN: TOKEN,
      CUSTOMER_LINK_SECRET: LINK_SECRET,
    });
    resetConfig();
    t = await freshDatabase(provider);
    sessionCookie = await operatorSessionCookie(t.db.prisma);
  });
  afterAll(async () => t.drop());

  it("a workspace without settings answers the defaults in the contract shape", async () => {
    const response = await settingsGET(call("/api/workspaces/ws-new/settings"), ws("ws-new"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      displayName: null,
      contactName: null,
      contactEmail: null,
      clientIdScopes: [],
      notifyEmails: [],
      nudges: true,
    });
  });

  it("PUT saves the whole shape, a later PUT changes only what it names, and the audit log says who changed what", async () => {
    const full = {
      displayName: "Northwind",
      contactName: "Dana Smith",
      contactEmail: "Dana@Example.com",
      clientIdScopes: ["https://mail.google.com/", "https://www.googleapis.com/auth/gmail.send"],
      notifyEmails: ["ops@example.com"],
      nudges: false,
    };
    const saved = await settingsPUT(call("/api/workspaces/ws-1/settings", "PUT", full, "session"), ws("ws-1"));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ ...full, contactEmail: "dana@example.com" });
    const partial = await settingsPUT(
      call("/api/workspaces/ws-1/settings", "PUT", { contactName: "Lee Park", displayName: "" }),
      ws("ws-1"),
    );
    expect(await partial.json()).toEqual({
      ...full,
      contactEmail: "dana@example.com",
      contactName: "Lee Park",
      displayName: null,
    });
    expect(await (await settingsGET(call("/api/workspaces/ws-1/settings"), ws("ws-1"))).json()).toMatchObject({
      contactName: "Lee Park",
      nudges: false,
    });
    const log = await (await auditGET(call("/api/audit?workspace=ws-1"))).json();
    expect(log.rows.map((r: { actor: string; summary: string }) => [r.actor, r.summary])).toEqual([
      ["api token", "Changed display name, contact name of workspace ws-1"],
      [
        TEST_OPERATOR_EMAIL,
        "Changed display name, contact name, contact email, client-ID scopes, notification recipients, customer nudges of workspace ws-1",
      ],
    ]);
  });

  it("refuses bad input with 400 naming the field, unknown fields, and writes from another site", async () => {
    for (const [body, field] of [
      [{ contactEmail: "not an email" }, "contactEmail"],
      [{ clientIdScopes: ["two words"] }, "clientIdScopes.0"],
      [{ nudges: "yes" }, "nudges"],
      [{ notifyEmails: ["a@b.c", "nope"] }, "notifyEmails.1"],
      [{ colour: "red" }, "body"],
    ] as const) {
      const response = await settingsPUT(call("/api/workspaces/ws-1/settings", "PUT", body), ws("ws-1"));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).error.message).toContain(field === "body" ? "colour" : `${field}:`);
    }
    const cross = new Request(`${BASE}/api/workspaces/ws-1/settings`, {
      method: "PUT",
      headers: {
        cookie: sessionCookie,
        origin: "https://evil.test",
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect((await settingsPUT(cross, ws("ws-1"))).status).toBe(403);
    const text = new Request(`${BASE}/api/workspaces/ws-1/settings`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/plain" },
      body: "{}",
    });
    expect((await settingsPUT(text, ws("ws-1"))).status).toBe(415);
    expect((await settingsGET(new Request(`${BASE}/api/workspaces/ws-1/settings`), ws("ws-1"))).status).toBe(401);
  });

  it("a budget change moves an item into the queue; null goes back to the default", async () => {
    const now = new Date();
    const since = new Date(now.getTime() - 3 * 3600_000);
    await t.db.prisma.domain.create({
      data: {
        uid: "b-1",
        name: "budget.test",
        status: "dns_setup_pending",
        statusSince: since,
        lastOccurredAt: since,
        orderKey: "0",
        firstSeenAt: since,
        updatedAt: since,
      },
    });
    expect((await openAttentionItems(now)).some((i) => i.uid === "b-1")).toBe(false);
    const changed = await budgetsPUT(
      call("/api/settings/budgets", "PUT", {
        budgets: [{ entityType: "domain", status: "dns_setup_pending", seconds: 3600 }],
      }),
    );
    expect(changed.status).toBe(200);
    expect(
      (await changed.json()).budgets.find((b: { status: string }) => b.status === "dns_setup_pending"),
    ).toMatchObject({ seconds: 3600, defaultSeconds: 6 * 3600 });
    expect((await openAttentionItems(now)).find((i) => i.uid === "b-1")).toMatchObject({
      severity: "critical",
      budgetSeconds: 3600,
    });
    await budgetsPUT(
      call("/api/settings/budgets", "PUT", {
        budgets: [{ entityType: "domain", status: "dns_setup_pending", seconds: null }],
      }),
    );
    expect(
      (await (await budgetsGET(call("/api/settings/budgets"))).json()).budgets.find(
        (b: { status: string }) => b.status === "dns_setup_pending",
      ).seconds,
    ).toBe(6 * 3600);
    expect(await t.db.prisma.attentionBudget.count()).toBe(0);
    const bad = await budgetsPUT(
      call("/api/settings/budgets", "PUT", { budgets: [{ entityType: "domain", status: "active", seconds: 3600 }] }),
    );
    expect(bad.status).toBe(400);
    const log = await (await auditGET(call("/api/audit"))).json();
    expect(log.rows[0].summary).toBe("Changed attention budgets: domain dns_setup_pending 1 h → 6 h");
  });

  it("mints a customer link that opens that workspace only", async () => {
    const response = await linkPOST(call("/api/workspaces/ws-1/customer-link", "POST", {}), ws("ws-1"));
    expect(response.status).toBe(200);
    const { url } = await response.json();
    const token = new URL(url).searchParams.get("token");
    expect((await verifyCustomerLink(token, "ws-1", LINK_SECRET)).ok).toBe(true);
    expect((await verifyCustomerLink(token, "ws-2", LINK_SECRET)).ok).toBe(false);
  });
});
