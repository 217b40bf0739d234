// The overview in a real browser: recent events named by address and linked to their page (an
// unknown event type printed once, opening the event itself), the deliveries chart and the funnel
// with their numbers, and the workspace page's recent events. Screenshots in every look.
import { clientIdPayload, googleClientId, mailboxPayload } from "../../lib/simulator/inboxkit-payloads";
import { deliver, deliverAll, e2eWorkspace, expect, inEveryLook, login, screenshot, test } from "./fixtures";

test("recent events open their entity; the charts show their numbers", async ({ page, request }, testInfo) => {
  test.setTimeout(180_000); // four looks and three page loads, on a loaded machine
  const ws = e2eWorkspace("charts");
  const now = new Date();
  const cid = { uid: `CID-WAIT-${ws.id}`, clientId: googleClientId(), domain: ws.domain };
  await deliverAll(request, [
    mailboxPayload(ws.team, ws.mailbox, { status: "pending", previous: null, at: now }),
    clientIdPayload(ws.team, cid, { status: "pending", previous: null, at: now }),
  ]);
  const unknownType = `domain.vendor_only_${ws.id.toLowerCase().replace(/-/g, "_")}`;
  const unknownBody = {
    ...mailboxPayload(ws.team, ws.mailbox, { status: "pending", previous: null, at: now }),
    event: unknownType,
  };
  expect((await deliver(request, unknownBody)).body).toMatchObject({ outcome: "ignored" });
  // One refused delivery (wrong key): the chart's refused total is at least 1.
  expect(
    (
      await deliver(request, mailboxPayload(ws.team, ws.mailbox, { status: "active", previous: null, at: now }), {
        secret: "not-the-secret",
      })
    ).status,
  ).toBe(401);

  await login(page, "/");
  const events = page.getByTestId("recent-events");
  const request_ = events.getByRole("link", { name: new RegExp(`^.*${ws.domain.name.replace(/\./g, "\\.")}`) });
  await expect(request_.first()).toBeVisible();
  await expect(events).not.toContainText(cid.uid);
  const unknown = events.getByRole("link", { name: new RegExp(unknownType) });
  await expect(unknown).toHaveCount(1);
  expect(((await unknown.textContent()) ?? "").split(unknownType).length - 1, "the type printed once").toBe(1);
  await expect(unknown).toHaveAttribute("href", /^\/events\?open=\d+$/);

  const chart = page.getByTestId("deliveries-chart");
  await expect(chart.getByRole("img")).toHaveAttribute(
    "aria-label",
    /Deliveries per hour over the last 7 days: \d+ accepted, \d+ stale, [1-9]\d* refused/,
  );
  const accepted = Number(await chart.locator("[data-series=accepted] span.font-medium").textContent());
  expect(accepted).toBeGreaterThanOrEqual(3);
  await chart.getByText("The numbers per day (UTC)").click();
  await expect(chart.getByTestId("deliveries-table").locator("tbody tr")).toHaveCount(
    new Date().getUTCHours() === 23 ? 7 : 8,
  );
  const mailboxes = page.getByTestId("funnel-mailboxes");
  await expect(mailboxes.locator("[data-group=working]")).toContainText(/In progress \d+/);

  await inEveryLook(page, async (look) => {
    await screenshot(page, testInfo, `overview-charts-${look}`);
  });
  await page.setViewportSize({ width: 1440, height: 900 });

  await request_.first().click();
  await expect(page).toHaveURL(new RegExp(`/requests/${cid.uid}$`));

  await page.goto(`/workspaces/${ws.workspaceId}`);
  const wsEvents = page.getByTestId("recent-events");
  await wsEvents
    .getByRole("link", { name: new RegExp(ws.email.replace(/\./g, "\\.")) })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/mailboxes/${ws.mailbox.uid}$`));

  await page.goto("/");
  await page
    .getByTestId("recent-events")
    .getByRole("link", { name: new RegExp(unknownType) })
    .click();
  await expect(page).toHaveURL(/\/events\?open=\d+$/);
  await expect(page.getByRole("dialog")).toContainText(unknownType);
});
