// The customer's onboarding page in a real browser against `next start`: banners appear when the
// vendor needs the customer and disappear live (no reload) on `completed`; bad links are refused.
import { clientIdPayload, consentPayload, domainPayload, googleClientId, mailboxCredentials, mailboxPayload, type SimDomain, type SimMailbox, type Team } from "../../lib/simulator/inboxkit-payloads";
import { customerLink, deliverAll, expect, screenshot, test, unique } from "./fixtures";

function onboarding() {
  const workspaceId = unique("ws");
  const id = workspaceId.slice(3).toUpperCase();
  const team: Team = { teamId: "TEAM-E2E-0001", teamName: "E2E Team", workspaceId };
  const domain: SimDomain = { uid: `DOM-${id}`, name: `acme-${id.toLowerCase()}.com` };
  const mailbox: SimMailbox = { uid: `MBX-${id}`, username: "jane.doe", firstName: "Jane", lastName: "Doe", domain, platform: "GOOGLE", isAdmin: true };
  const consent = { uid: `CNS-${id}`, mailbox };
  const clientId = { uid: `CID-${id}`, domain, clientId: googleClientId() };
  let clock = Date.now() - 60_000;
  const at = () => new Date((clock += 1000));
  return {
    workspaceId, domain, mailbox, clientId,
    setup: () => [
      domainPayload(team, domain, { status: "active", previous: "waiting_for_dns_propagation", at: at() }),
      mailboxPayload(team, mailbox, { status: "configuring_auth", previous: "configuring_dkim", at: at() }),
    ],
    consent: (status: string, previous: string | null) => consentPayload(team, consent, { status, previous, at: at() }),
    clientIdRequest: (status: string, previous: string | null) => clientIdPayload(team, clientId, { status, previous, at: at() }),
  };
}

test("banners appear and clear live as the vendor's events arrive", async ({ page, request }, testInfo) => {
  const o = onboarding();
  await deliverAll(request, o.setup());
  const response = await page.goto(customerLink(o.workspaceId));
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Your onboarding progress" })).toBeVisible();
  await expect(page.getByText("Setting up sign-in")).toBeVisible();
  await expect(page.getByTestId("no-banners")).toBeVisible();
  await expect(page.locator("[data-live-status=live]")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // Consent pending → "Grant access" banner, live.
  const consentBanner = page.locator('[data-banner-kind="consent_request"]');
  const sent = Date.now();
  await deliverAll(request, [o.consent("pending", "queued")]);
  await expect(consentBanner).toBeVisible({ timeout: 1000 });
  testInfo.annotations.push({ type: "latency", description: `consent banner visible ${Date.now() - sent} ms after the delivery was answered` });
  await expect(consentBanner.getByRole("heading")).toHaveText(`Grant Google access for jane.doe@${o.domain.name}`);
  await expect(consentBanner.getByRole("link", { name: /Grant access/ })).toHaveAttribute("href", /^https:\/\/accounts\.google\.com\//);
  await expect(page.getByRole("status")).toContainText("New: Grant Google access");

  // Client ID pending → second banner with the id, a copy button and the Admin Console path.
  await deliverAll(request, [o.clientIdRequest("pending", "queued")]);
  const clientBanner = page.locator('[data-banner-kind="client_id_request"]');
  await expect(clientBanner).toBeVisible();
  await expect(clientBanner.getByTestId("client-id")).toHaveText(o.clientId.clientId);
  await expect(clientBanner.getByRole("button", { name: "Copy client ID" })).toBeVisible();
  await expect(clientBanner).toContainText("Security → API controls → Domain-wide delegation");
  await expect(page.getByTestId("onboarding-banner")).toHaveCount(2);

  // Nothing internal or secret on the page (including the data it was hydrated with).
  const html = await page.content();
  for (const secret of Object.values(mailboxCredentials(o.mailbox)).filter(Boolean)) expect(html).not.toContain(secret);
  for (const uid of [o.mailbox.uid, o.domain.uid, o.clientId.uid, "TEAM-E2E-0001"]) expect(html).not.toContain(uid);

  await screenshot(page, testInfo, "customer-desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, testInfo, "customer-phone");
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, testInfo, "customer-phone-dark");
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Consent completed → its banner disappears, the client-ID banner stays.
  await deliverAll(request, [o.consent("processing", "pending"), o.consent("completed", "processing")]);
  await expect(consentBanner).toHaveCount(0);
  await expect(clientBanner).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`Access for jane.doe@${o.domain.name} is done.`);

  // Client ID completed → no banner left.
  await deliverAll(request, [o.clientIdRequest("completed", "pending")]);
  await expect(clientBanner).toHaveCount(0);
  await expect(page.getByTestId("no-banners")).toBeVisible();

  // All of it happened without a reload.
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("an expired, forged or missing link is refused and shows no data", async ({ page, request }) => {
  const o = onboarding();
  await deliverAll(request, o.setup());

  const expired = await page.goto(customerLink(o.workspaceId, { expiresIn: -60 }));
  expect(expired?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This link has expired or is not valid" })).toBeVisible();
  expect(await page.content()).not.toContain(o.domain.name);

  const otherWorkspace = customerLink(unique("ws")).replace(/^\/onboarding\/[^?]+/, `/onboarding/${o.workspaceId}`);
  expect((await page.goto(otherWorkspace))?.status()).toBe(403);
  expect(await page.content()).not.toContain(o.domain.name);

  const missing = await page.goto(`/onboarding/${o.workspaceId}`);
  expect(missing?.status()).toBe(401);
  await expect(page.getByRole("heading", { name: "This page needs your onboarding link" })).toBeVisible();

  // The JSON endpoint and the stream apply the same check.
  const api = await request.get(`/api/onboarding/${o.workspaceId}?token=${customerLink(o.workspaceId, { expiresIn: -60 }).split("token=")[1]}`);
  expect(api.status()).toBe(403);
  expect(await api.json()).toMatchObject({ error: { code: "link_expired" } });
  const stream = await request.get(`/api/stream?workspace=${o.workspaceId}&token=forged.token`);
  expect(stream.status()).toBe(403);
});
