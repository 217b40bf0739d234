// The event log in a real browser against `next start`: find an event by a word that occurs only deep
// inside its payload, open it, see the payload and the request headers (with the header/body mismatch
// flagged), re-apply it as a dry run; and a request's own page with its timeline.
import { consentPayload, domainPayload, mailboxPayload } from "../../lib/simulator/inboxkit-payloads";
import { deliver, deliverAll, e2eWorkspace, expect, inEveryLook, login, screenshot, test, unique } from "./fixtures";

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

test("find an event by a word from its payload, open it, see payload and headers, re-apply as a dry run", async ({
  page,
  request,
}, testInfo) => {
  const ws = e2eWorkspace("forensics");
  const word = unique("zanzibar").replace(/-/g, "");
  await deliverAll(request, [
    domainPayload(ws.team, ws.domain, { status: "active", previous: null, at: minutesAgo(40) }),
    mailboxPayload(ws.team, ws.mailbox, { status: "pending", previous: null, at: minutesAgo(30) }),
  ]);
  // The word sits three levels deep; the header names another event than the body (the body wins).
  const marked = mailboxPayload(ws.team, ws.mailbox, {
    status: "active",
    previous: "pending",
    at: minutesAgo(20),
    extra: { custom_fields: { crm: { notes: [`migrated from ${word}`] } } },
  });
  expect((await deliver(request, marked, { headers: { "X-InboxKit-Event": "domain.status_changed" } })).status).toBe(
    200,
  );

  await login(page, "/events");
  await page.getByLabel("Search payloads").fill(word);
  await page.getByLabel("Search payloads").press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));
  const rows = page.getByTestId("events").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("header ≠ body");
  await rows.first().getByRole("button", { name: "mailbox.status_changed" }).click();

  const panel = page.getByTestId("event-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("event-payload")).toContainText(`migrated from ${word}`);
  await expect(panel.getByTestId("event-payload")).not.toContainText("app_password");
  await expect(panel.getByTestId("event-headers")).toContainText("InboxKit-Webhook/1.0");
  await expect(panel.getByTestId("header-mismatch")).toContainText("domain.status_changed");
  await panel.getByRole("button", { name: "Dry run" }).click();
  await expect(panel.getByTestId("reapply")).toContainText("Nothing would change");
  await screenshot(page, testInfo, "events-panel-desktop-light");

  // Filters live in the URL: reloading keeps the search.
  await page.reload();
  await expect(page.getByTestId("events").locator("tbody tr")).toHaveCount(1);
});

test("a request has its own page with its timeline, linked to its mailbox", async ({ page, request }) => {
  const ws = e2eWorkspace("reqpage");
  const consent = { uid: unique("CR"), mailbox: ws.mailbox };
  await deliverAll(request, [
    mailboxPayload(ws.team, ws.mailbox, { status: "active", previous: null, at: minutesAgo(30) }),
    consentPayload(ws.team, consent, { status: "pending", previous: null, at: minutesAgo(20) }),
    consentPayload(ws.team, consent, { status: "completed", previous: "pending", at: minutesAgo(10) }),
  ]);
  await login(page, `/requests/${consent.uid}`);
  await expect(page.getByRole("heading", { name: `Consent request ${consent.uid}` })).toBeVisible();
  await expect(page.getByTestId("timeline-entry")).toHaveCount(2);
  await expect(page.getByRole("link", { name: ws.email })).toHaveAttribute("href", `/mailboxes/${ws.mailbox.uid}`);
});

test("screenshots: /events and /requests/[uid], desktop and phone, light and dark", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000); // twelve full-page screenshots on a shared 2-core machine
  const ws = e2eWorkspace("shots");
  const consent = { uid: unique("CR"), mailbox: ws.mailbox };
  await deliverAll(request, [
    domainPayload(ws.team, ws.domain, { status: "active", previous: null, at: minutesAgo(50) }),
    mailboxPayload(ws.team, ws.mailbox, { status: "pending", previous: null, at: minutesAgo(40) }),
    mailboxPayload(ws.team, ws.mailbox, { status: "active", previous: "pending", at: minutesAgo(30) }),
    mailboxPayload(ws.team, ws.mailbox, { status: "processing", previous: "pending", at: minutesAgo(35) }),
    consentPayload(ws.team, consent, { status: "pending", previous: null, at: minutesAgo(20) }),
    consentPayload(ws.team, consent, { status: "completed", previous: "pending", at: minutesAgo(10) }),
  ]);
  await login(page, "/events");
  await inEveryLook(page, async (label) => {
    await page.goto(`/events?workspace=${ws.workspaceId}`);
    await expect(page.getByTestId("events").locator("tbody tr")).toHaveCount(6);
    await screenshot(page, testInfo, `events-${label}`);
    await page.getByTestId("events").locator("tbody tr").nth(2).getByRole("button").click();
    await expect(page.getByTestId("winner")).toBeVisible();
    await screenshot(page, testInfo, `events-panel-${label}`);
    await page.goto(`/requests/${consent.uid}`);
    await expect(page.getByTestId("timeline-entry")).toHaveCount(2);
    await screenshot(page, testInfo, `request-${label}`);
  });
});
