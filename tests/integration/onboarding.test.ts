// The customer's view of a real onboarding: the google-onboarding scenario delivered through the
// webhook route into a fresh database, checking the banners at each step, the customer endpoint's
// token checks, and that nothing internal or secret reaches the customer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { GET as onboardingGET } from "@/app/api/onboarding/[workspaceId]/route";
import { resetConfig } from "@/lib/config";
import { signCustomerLink } from "@/lib/customer-link";
import { customerOnboarding, openBanners } from "@/lib/queries/onboarding";
import { saveWorkspaceSettings } from "@/lib/settings/workspace";
import { INBOXKIT_SCENARIOS } from "@/lib/simulator/scenarios";
import { mailboxCredentials } from "@/lib/simulator/inboxkit-payloads";
import { toSteps, type SimStep } from "@/lib/simulator/types";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { configureInboxKit, TEST_SECRET } from "../helpers/inboxkit";

const LINK_SECRET = "integration-customer-link-secret";
const WS = "ws-integration";

function deliveries(name = "google-onboarding", workspaceId = WS, runId = "it0001"): SimStep[] {
  const scenario = INBOXKIT_SCENARIOS.find((s) => s.name === name)!;
  return toSteps(
    scenario.deliveries({
      workspaceId,
      now: new Date(),
      runId,
      secret: () => TEST_SECRET,
      scheme: "api-key-sha256",
      delay: 0,
    }),
  );
}

async function deliver(step: SimStep): Promise<void> {
  const { path, headers, body } = step.delivery;
  const response = await POST(new Request(`http://localhost${path}`, { method: "POST", headers, body }));
  expect(response.status, step.delivery.label).toBe(200);
}

const apiGet = (workspaceId: string, token: string | null) =>
  onboardingGET(
    new Request(
      `http://localhost/api/onboarding/${workspaceId}${token === null ? "" : `?token=${encodeURIComponent(token)}`}`,
    ),
    { params: Promise.resolve({ workspaceId }) },
  );

describe.each(await providers())("customer onboarding on %s", (provider) => {
  let t: TestDatabase;
  const steps = deliveries();
  const indexOf = (label: string) => steps.findIndex((s) => s.delivery.label.includes(label));

  beforeAll(async () => {
    configureInboxKit();
    process.env.CUSTOMER_LINK_SECRET = LINK_SECRET;
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => t.drop());

  it("shows the consent banner, then the client-ID banner, and clears each on completed", async () => {
    let next = 0;
    const playUntil = async (label: string) => {
      const end = indexOf(label);
      expect(end, label).toBeGreaterThanOrEqual(next);
      for (; next <= end; next++) await deliver(steps[next]);
    };

    await playUntil("consent request for jane.doe@northwind-mail-it0001.com → queued");
    expect((await openBanners({ workspaceId: WS })).map((b) => b.state)).toEqual(["in_progress"]);

    await playUntil("consent request for jane.doe@northwind-mail-it0001.com → pending");
    const [consent] = await openBanners({ workspaceId: WS });
    expect(consent).toMatchObject({
      state: "grant_access",
      mailbox: "jane.doe@northwind-mail-it0001.com",
      provider: "Google",
    });

    await playUntil("client ID request for northwind-mail-it0001.com → pending");
    expect((await openBanners({ workspaceId: WS })).map((b) => b.state)).toEqual(["grant_access", "add_client_id"]);
    // The mailbox page sees its consent and its domain's client ID; another workspace sees nothing.
    expect((await openBanners({ mailboxId: "MBX-IT0001-01" })).map((b) => b.requestType)).toEqual([
      "consent_request",
      "client_id_request",
    ]);
    expect(await openBanners({ workspaceId: "ws-nobody" })).toEqual([]);

    await playUntil("consent request for jane.doe@northwind-mail-it0001.com → completed");
    expect((await openBanners({ workspaceId: WS })).map((b) => b.state)).toEqual(["add_client_id"]);

    await playUntil("client ID request for northwind-mail-it0001.com → completed");
    expect(await openBanners({ workspaceId: WS })).toEqual([]);

    for (; next < steps.length; next++) await deliver(steps[next]);
    const view = await customerOnboarding(WS);
    expect(view.domains.map((d) => [d.name, d.status.label])).toEqual([["northwind-mail-it0001.com", "Active"]]);
    expect(view.mailboxes.map((m) => m.status.label)).toEqual(["Active", "Active"]);
    expect(view.totals).toMatchObject({ domains: 1, mailboxes: 2, active: 3 });
  });

  it("explains a declined consent and what to do next, and shows DNS trouble in plain words", async () => {
    for (const step of [
      ...deliveries("consent-failed", "ws-failed", "it0002"),
      ...deliveries("dns-failed", "ws-failed", "it0003"),
    ])
      await deliver(step);
    const view = await customerOnboarding("ws-failed");
    expect(view.banners).toEqual([
      expect.objectContaining({
        state: "failed",
        statusText: "The administrator declined the requested permissions",
        attempts: "after 3 of 3 retries",
        nextStep: expect.stringMatching(/choose Allow/),
      }),
    ]);
    expect(view.domains.map((d) => d.status.label)).toEqual(["Active", "DNS did not propagate in time"]);
    // The mailbox whose consent failed cannot finish by itself: it needs the customer, not "setting up".
    expect(view.mailboxes.map((m) => m.status.label).sort()).toEqual([
      "Needs your action",
      "Waiting for DNS to propagate",
    ]);
    expect(view.mailboxes.find((m) => m.status.label === "Needs your action")?.status.tone).toBe("attention");
    expect(view.contact).toBeNull();
  });

  it("shows the workspace's contact and client-ID scopes when set, and mentions no scopes when none are set", async () => {
    const steps = deliveries("google-onboarding", "ws-contact", "it0004");
    const end = steps.findIndex(
      (s) => s.delivery.label.includes("client ID request for") && s.delivery.label.includes("→ pending"),
    );
    for (const step of steps.slice(0, end + 1)) await deliver(step);
    const without = (await customerOnboarding("ws-contact")).banners.find((b) => b.state === "add_client_id");
    expect(without).toMatchObject({ scopes: [] });
    expect(without && "steps" in without && without.steps.join(" ")).not.toMatch(/scope/i);
    await saveWorkspaceSettings(
      "ws-contact",
      { contactName: "Dana Smith", contactEmail: "dana@example.com", clientIdScopes: ["https://mail.google.com/"] },
      { via: "token" },
    );
    const view = await customerOnboarding("ws-contact");
    expect(view.contact).toEqual({ name: "Dana Smith", email: "dana@example.com" });
    const banner = view.banners.find((b) => b.state === "add_client_id");
    expect(banner).toMatchObject({ scopes: ["https://mail.google.com/"] });
    expect(banner && "steps" in banner && banner.steps.join(" ")).toMatch(/OAuth scopes shown here/);
  });

  it("keeps uids, team ids, fingerprints and credentials out of what a customer receives", async () => {
    const response = await apiGet(WS, await signCustomerLink(WS, LINK_SECRET));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const text = await response.text();
    const mailbox = {
      uid: "MBX-IT0001-01",
      username: "jane.doe",
      firstName: "Jane",
      lastName: "Doe",
      domain: { uid: "DOM-IT0001-01", name: "x" },
      platform: "GOOGLE" as const,
    };
    for (const secret of Object.values(mailboxCredentials(mailbox)).filter(Boolean)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/IT0001/); // entity uids (DOM-/MBX-/CNS-/CID-IT0001-…)
    expect(text).not.toMatch(/TEAM-|order_key|orderKey|fingerprint|team_id|teamId/);
  });

  it("refuses a missing, wrong-workspace, forged or expired token with the error shape", async () => {
    const missing = await apiGet(WS, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: "invalid_link" } });

    expect((await apiGet(WS, await signCustomerLink("ws-other", LINK_SECRET))).status).toBe(403);
    expect((await apiGet(WS, await signCustomerLink(WS, "another-secret-of-enough-length"))).status).toBe(403);
    const expired = await apiGet(
      WS,
      await signCustomerLink(WS, LINK_SECRET, { expiresAt: new Date(Date.now() - 1000) }),
    );
    expect(expired.status).toBe(403);
    const body = await expired.json();
    expect(body).toMatchObject({ error: { code: "link_expired" } });
    expect(JSON.stringify(body)).not.toContain("northwind");
  });
});
