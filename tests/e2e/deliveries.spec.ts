// Refused deliveries in a real browser against `next start`: a delivery signed with a key the server
// does not know appears on /deliveries as quarantined, and the re-verify button runs and shows its
// counts (the configuration cannot change under a running e2e server, so it still fails here; the
// recovery itself is proven in tests/integration/quarantine.test.ts). Screenshots of the page.
import { mailboxPayload } from "../../lib/simulator/inboxkit-payloads";
import { deliver, e2eWorkspace, expect, inEveryLook, login, screenshot, test } from "./fixtures";

test("a refused delivery is quarantined on /deliveries; re-verify runs and shows its counts", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(180_000); // four full-page screenshots on a shared 2-core machine
  const ws = e2eWorkspace("quarantine");
  const payload = mailboxPayload(ws.team, ws.mailbox, { status: "active", previous: null, at: new Date() });
  expect((await deliver(request, payload, { secret: "a-key-this-server-does-not-know" })).status).toBe(401);

  await login(page, "/deliveries?reason=bad_signature");
  const card = page.getByTestId("deliveries").locator("[data-reason=bad_signature]").first();
  await expect(card).toContainText("quarantined");
  await expect(page.getByTestId("reverify")).toContainText(/refused for (its|their) signature (is|are) kept sealed/);
  await page.getByRole("button", { name: "Re-verify quarantined" }).click();
  const result = page.getByTestId("reverify-result");
  await expect(result).toHaveText(/^0 recovered, [1-9][0-9]* still fail\.$/);
  // The body never reaches the page: only the refusal's facts.
  await expect(page.locator("body")).not.toContainText(ws.mailbox.uid);

  await inEveryLook(page, async (look) => {
    await page.goto("/deliveries");
    await expect(page.getByTestId("reverify")).toBeVisible();
    await page.getByRole("button", { name: "Re-verify quarantined" }).click();
    await expect(page.getByTestId("reverify-result")).toBeVisible();
    await screenshot(page, testInfo, `deliveries-${look}`);
  });
});
