// Forged content under the static signature scheme (issue 10 item 1): whoever captured one
// X-InboxKit-Signature header can sign any body. Through the real route handlers on SQLite and
// PostgreSQL: (a) a consent_url off the allowed hosts or a client_id that is not a Google OAuth
// client id is stored and flagged to operators, never shown to the customer; (b) a vendor time
// far in the future is capped at receipt and flagged, so it cannot pin the entity; (d) with
// INBOXKIT_ALLOWED_SOURCES, a delivery from elsewhere is refused 403 source_not_allowed and recorded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { GET as onboardingGET } from "@/app/api/onboarding/[workspaceId]/route";
import { GET as requestGET } from "@/app/api/requests/[uid]/route";
import { GET as overviewGET } from "@/app/api/overview/route";
import { GET as mailboxGET } from "@/app/api/mailboxes/[uid]/route";
import { resetConfig } from "@/lib/config";
import { signCustomerLink } from "@/lib/customer-link";
import { nudgeContent } from "@/lib/notify/nudges";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { clientIdEvent, configureInboxKit, consentEvent, mailboxEvent, signedRequest } from "../helpers/inboxkit";

const TOKEN = "forged-api-token-0123456789abcdef";
const LINK_SECRET = "forged-customer-link-secret-0123";
const EVIL_URL = "https://accounts.google.com.evil.example/o/oauth2/v2/auth?client_id=x";
const EVIL_ID = "666-attacker-owned-client-id";
const get = (path: string) => new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

describe.each(await providers())("forged content on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    Object.assign(process.env, {
      DASHBOARD_API_TOKEN: TOKEN,
      SESSION_SECRET: "forged-session-secret-0123456789",
      DASHBOARD_PASSWORD: "forged password",
      CUSTOMER_LINK_SECRET: LINK_SECRET,
    });
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());
  afterEach(() => {
    delete process.env.CONSENT_URL_HOSTS;
    delete process.env.INBOXKIT_ALLOWED_SOURCES;
    delete process.env.TRUSTED_PROXIES;
    resetConfig();
  });

  const customerView = async (workspaceId: string) => {
    const token = await signCustomerLink(workspaceId, LINK_SECRET);
    const res = await onboardingGET(
      new Request(`http://localhost/api/onboarding/${workspaceId}?token=${encodeURIComponent(token)}`),
      params({ workspaceId }),
    );
    expect(res.status).toBe(200);
    return res.text();
  };
  const now = () => new Date().toISOString();
  const inWorkspace = <T extends { data: { metadata: Record<string, unknown> } }>(body: T, ws: string) => {
    body.data.metadata.workspace_id = ws;
    return body;
  };

  it.each([
    ["an unlisted host", EVIL_URL, "host accounts.google.com.evil.example"],
    ["plain http", "http://accounts.google.com/o/oauth2/v2/auth", "not https"],
    ["a port", "https://accounts.google.com:8443/o/oauth2", "port"],
    ["javascript:", "javascript:alert(1)", "not https"],
  ])(
    "(a) a consent_url on %s is stored, flagged to operators and never shown to the customer",
    async (_n, url, why) => {
      const ws = `ws-forged-url-${_n.replace(/\W/g, "")}`;
      const uid = `c-${ws}`;
      const res = await POST(signedRequest(inWorkspace(consentEvent(uid, "pending", now(), { consent_url: url }), ws)));
      expect(res.status).toBe(200);
      expect((await t.db.prisma.consentRequest.findUniqueOrThrow({ where: { uid } })).consentUrl).toBe(url);

      const customer = await customerView(ws);
      expect(customer).not.toContain(url);
      expect(customer).not.toContain("grant_access");
      expect(JSON.parse(customer).banners).toEqual([
        expect.objectContaining({ state: "in_progress", message: expect.stringMatching(/we.ll contact you/i) }),
      ]);

      const request = await (await requestGET(get(`/api/requests/${uid}`), params({ uid }))).json();
      expect(request.request.suspicious).toContain(why);
      expect(request.request.consentUrl).toBe(url);
      const overview = await (await overviewGET(get("/api/overview"))).json();
      const banner = overview.banners.find((w: { workspaceId: string }) => w.workspaceId === ws).banners[0];
      expect(banner.suspicious).toContain(why);
    },
  );

  it("(a) a client_id that is not a Google OAuth client id is never shown to the customer, nor nudged", async () => {
    const ws = "ws-forged-id";
    const uid = "k-forged-id";
    const body = inWorkspace(clientIdEvent(uid, "pending", now(), { client_id: EVIL_ID }), ws);
    expect((await POST(signedRequest(body))).status).toBe(200);
    const customer = await customerView(ws);
    expect(customer).not.toContain(EVIL_ID);
    expect(customer).not.toContain("add_client_id");
    const request = await (await requestGET(get(`/api/requests/${uid}`), params({ uid }))).json();
    expect(request.request.suspicious).toMatch(/client ID/i);
    const item = { id: "x", kind: "customer_action", workspaceId: ws, request: { type: "client_id_request", uid } };
    const nudge = await nudgeContent(item as never, {} as never, "nudge", "https://x", new Date(), 14);
    expect(nudge).toBeNull();
  });

  it("(a) a genuine consent URL and client id still reach the customer; CONSENT_URL_HOSTS changes the list", async () => {
    const ws = "ws-genuine";
    const good = "https://login.microsoftonline.com/organizations/v2.0/adminconsent?client_id=x";
    await POST(signedRequest(inWorkspace(consentEvent("c-genuine", "pending", now(), { consent_url: good }), ws)));
    await POST(signedRequest(inWorkspace(clientIdEvent("k-genuine", "pending", now()), ws)));
    const customer = JSON.parse(await customerView(ws));
    expect(customer.banners.map((b: { state: string }) => b.state)).toEqual(["grant_access", "add_client_id"]);
    expect(customer.banners[0].consentUrl).toBe(good);
    expect(JSON.stringify(customer)).not.toContain("suspicious");

    process.env.CONSENT_URL_HOSTS = "accounts.google.com";
    resetConfig();
    const narrowed = JSON.parse(await customerView(ws));
    expect(JSON.stringify(narrowed)).not.toContain(good);
  });

  it("(b) a vendor time far ahead is capped at receipt and flagged; later genuine events still apply", async () => {
    const before = Date.now();
    const forged = await POST(signedRequest(mailboxEvent("mb-future", "suspended", "9999-12-31T23:59:59.000Z")));
    const forgedBody = await forged.json();
    expect(forgedBody.outcome).toBe("applied");
    const event = await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: forgedBody.event_id } });
    expect(event.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(event.occurredAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(event.flags).toContain("future_time_capped");
    expect(event.flags).toContain("9999-12-31T23:59:59.000Z");

    await new Promise((r) => setTimeout(r, 20));
    const genuine = await POST(signedRequest(mailboxEvent("mb-future", "active", now())));
    expect((await genuine.json()).outcome).toBe("applied");
    expect((await t.db.prisma.mailbox.findUniqueOrThrow({ where: { uid: "mb-future" } })).status).toBe("active");

    // A retry of the forged body is still a duplicate (its identity is the claimed time, not the capped one).
    await new Promise((r) => setTimeout(r, 20));
    const retry = await POST(signedRequest(mailboxEvent("mb-future", "suspended", "9999-12-31T23:59:59.000Z")));
    expect(await retry.json()).toMatchObject({ duplicate: true, event_id: forgedBody.event_id });

    const view = await (await mailboxGET(get("/api/mailboxes/mb-future"), params({ uid: "mb-future" }))).json();
    const entry = view.timeline.entries.find((e: { id: number }) => e.id === forgedBody.event_id);
    expect(entry.flags).toEqual([expect.objectContaining({ code: "future_time_capped" })]);
  });

  it("(b) a vendor time up to 5 minutes ahead is kept as sent", async () => {
    const ahead = new Date(Date.now() + 4 * 60_000).toISOString();
    const res = await (await POST(signedRequest(mailboxEvent("mb-skew", "active", ahead)))).json();
    const event = await t.db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: res.event_id } });
    expect(event.occurredAt.toISOString()).toBe(ahead);
    expect(event.flags).toBeNull();
  });

  it("(d) with INBOXKIT_ALLOWED_SOURCES, a delivery from elsewhere is refused 403 and recorded", async () => {
    process.env.INBOXKIT_ALLOWED_SOURCES = "203.0.113.0/24, 2001:db8::/32";
    process.env.TRUSTED_PROXIES = "10.0.0.1";
    resetConfig();
    const from = (xff: string | null) =>
      signedRequest(mailboxEvent("mb-source", "active", now()), { headers: { "x-forwarded-for": xff } });
    // lib/cli/serve.ts appends the socket's address; only a trusted proxy's X-Forwarded-For is believed.
    expect((await POST(from("203.0.113.7"))).status).toBe(200);
    expect((await POST(from("203.0.113.9, 10.0.0.1"))).status).toBe(200);
    for (const xff of ["198.51.100.4", "203.0.113.9, 198.51.100.4", null]) {
      const res = await POST(from(xff));
      expect(res.status, String(xff)).toBe(403);
      expect((await res.json()).error.code).toBe("source_not_allowed");
    }
    const refused = await t.db.prisma.rejectedDelivery.findMany({ where: { reason: "source_not_allowed" } });
    expect(refused).toHaveLength(3);
    expect(refused[0].detail).toContain("198.51.100.4");

    delete process.env.INBOXKIT_ALLOWED_SOURCES;
    resetConfig();
    expect((await POST(from("198.51.100.4"))).status).toBe(200); // unset: any source
  });
});
