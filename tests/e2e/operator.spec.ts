// The operator dashboard in a real browser against `next start`: sign in, watch one mailbox's
// status timeline grow live (no reload) as deliveries arrive, see a stale event marked without
// changing the badge, find a refused delivery explained, and be refused without a session.
import { mailboxPayload } from "../../lib/simulator/inboxkit-payloads";
import { deliver, deliverAll, E2E_OPERATOR, e2eWorkspace, expect, login, screenshot, test } from "./fixtures";

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

test("the mailbox timeline grows live, in order; a stale event is marked and leaves the badge alone", async ({
  page,
  request,
}, testInfo) => {
  const ws = e2eWorkspace("timeline");
  const step = (status: string, previous: string | null, at: Date, extra?: Record<string, unknown>) =>
    mailboxPayload(ws.team, ws.mailbox, { status, previous, at, extra });

  await deliverAll(request, [step("pending", null, minutesAgo(30))]);
  await login(page, `/mailboxes/${ws.mailbox.uid}`);
  await expect(page).toHaveURL(new RegExp(`/mailboxes/${ws.mailbox.uid}$`));
  await expect(page.getByRole("heading", { name: ws.email })).toBeVisible();
  await expect(page.locator("[data-live-status=live]")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  const entries = page.getByTestId("timeline-entry");
  const badge = page.getByTestId("current-status").locator("[data-status]");
  await expect(entries).toHaveCount(1);

  // Each delivery shows up without a reload, and the timeline stays in vendor-time order.
  const activeAt = minutesAgo(10);
  const transitions: [string, string, Date][] = [
    ["processing", "pending", minutesAgo(25)],
    ["configuring_dns", "processing", minutesAgo(20)],
    ["active", "configuring_dns", activeAt],
  ];
  for (const [i, [status, previous, at]] of transitions.entries()) {
    await deliverAll(request, [step(status, previous, at)]);
    await expect(entries).toHaveCount(i + 2);
    await expect(badge).toHaveAttribute("data-status", status);
  }
  expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).toEqual([
    "pending",
    "processing",
    "configuring_dns",
    "active",
  ]);
  await expect(entries.last()).toHaveAttribute("data-current", "true");
  await expect(badge).toHaveText("Active");

  // A late delivery from before `active`: stored, marked stale, placed by vendor time, badge unchanged.
  await deliverAll(request, [step("configuring_dkim", "configuring_dns", minutesAgo(15))]);
  await expect(entries).toHaveCount(5);
  const stale = entries.filter({ has: page.getByTestId("stale-marker") });
  await expect(stale).toHaveCount(1);
  await expect(stale).toHaveAttribute("data-status", "configuring_dkim");
  await expect(stale).toHaveAttribute("data-outcome", "stale");
  expect(await entries.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).toEqual([
    "pending",
    "processing",
    "configuring_dns",
    "configuring_dkim",
    "active",
  ]);
  await expect(badge).toHaveAttribute("data-status", "active");
  await expect(entries.last()).toHaveAttribute("data-current", "true");

  // A retried delivery (byte-identical) is counted on its entry, not added as a new one.
  await deliverAll(request, [step("active", "configuring_dns", activeAt)]);
  await expect(entries.last().getByTestId("duplicate-marker")).toHaveText("Delivered 2×");
  await expect(entries).toHaveCount(5);

  // New credentials arrive: marked on the timeline; the credentials themselves appear nowhere.
  const newPassword = "Fresh!Passw0rd-e2e";
  await deliverAll(request, [step("active", "active", minutesAgo(1), { password: newPassword })]);
  await expect(entries.last().getByTestId("credentials-marker")).toBeVisible();
  await expect(page.getByText(/Fingerprint changed at/)).toBeVisible();
  expect(await page.content()).not.toContain(newPassword);

  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await screenshot(page, testInfo, "operator-mailbox");
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, testInfo, "operator-mailbox-dark");
});

test("without a session an operator page redirects to login and the API answers 401", async ({ page, request }) => {
  await page.goto("/mailboxes?status=active");
  await expect(page).toHaveURL(/\/login\?next=%2Fmailboxes%3Fstatus%3Dactive$/);
  await expect(page.getByLabel(/password/i)).toBeVisible();

  for (const path of ["/api/mailboxes", "/api/domains", "/api/events", "/api/deliveries", "/api/requests"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  }
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("a wrong password is refused; the right one returns to the page asked for", async ({ page }) => {
  await page.goto("/login?next=%2Fdomains");
  await page.getByLabel(/email/i).fill(E2E_OPERATOR.email);
  await page.getByLabel(/password/i).fill("not the password");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That password is not right." })).toBeVisible();
  await login(page, "/domains");
  await expect(page).toHaveURL(/\/domains$/);
  await expect(page.getByRole("heading", { name: "Domains" })).toBeVisible();
});

test("a refused delivery raises the overview alarm and is explained on /deliveries", async ({
  page,
  request,
}, testInfo) => {
  const ws = e2eWorkspace("refused");
  const refused = await deliver(
    request,
    mailboxPayload(ws.team, ws.mailbox, { status: "pending", previous: null, at: new Date() }),
    { scheme: "hmac-sha256" },
  );
  expect(refused.status).toBe(401);
  await login(page, "/");
  await expect(page.getByTestId("rejected-alarm")).toBeVisible();
  await page.getByRole("link", { name: "See why →" }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
  const card = page.locator('[data-reason="bad_signature"]').first();
  await expect(card).toContainText("Signed with the other scheme");
  await expect(card).toContainText("would match hmac-sha256");
  await expect(card).toContainText("INBOXKIT_SIGNATURE_SCHEME=hmac-sha256");
  await expect(page.getByTestId("scheme-warning")).toContainText("does not authenticate the body");
  await screenshot(page, testInfo, "operator-deliveries");
});
