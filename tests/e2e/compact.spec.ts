// Compact operator pages (issue 14): the static-scheme notice takes two lines of a phone's first
// screen (its details unfold on request; it took about 300 px) and stays readable in full on a wide screen; a workspace's
// open requests are compact rows (what, age, copy consent URL / client ID / customer link), not
// customer-size banners.
import { expect, login, playScenario, test } from "./fixtures";

test("on a phone the static-scheme notice is a short summary with Details; on a wide screen it reads in full", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "/domains");
  await page.goto("/domains");
  const notice = page.getByTestId("scheme-notice");
  await expect(notice).toContainText("InboxKit signatures are static (api-key-sha256).");
  const folded = (await notice.boundingBox())!;
  console.log(`scheme notice at 390×844: ${folded.height}px folded`);
  expect(folded.height).toBeLessThanOrEqual(64);
  const details = page.getByTestId("scheme-notice-details");
  await expect(details).toBeHidden();
  await notice.getByRole("button", { name: "Details" }).click();
  await expect(details).toBeVisible();
  await expect(details).toContainText("INBOXKIT_SIGNATURE_SCHEME=hmac-sha256");
  await notice.getByRole("button", { name: "Less" }).click();
  await expect(details).toBeHidden();

  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(details).toBeVisible();
  await expect(notice.getByRole("button")).toBeHidden();
  const wide = (await notice.boundingBox())!;
  console.log(`scheme notice at 1440×900: ${wide.height}px`);
});

test("a workspace's open requests are compact rows with what, age and what to copy", async ({ page, request }) => {
  test.setTimeout(120_000);
  const play = playScenario(request, "google-onboarding");
  await play.until(/client ID .* → pending/);
  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, `/workspaces/${play.workspaceId}`);
  await page.goto(`/workspaces/${play.workspaceId}`);
  const rows = page.getByTestId("request-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("onboarding-banner")).toHaveCount(0);
  const clientId = rows.and(
    page.locator('[data-request-kind="client_id_request"][data-request-state="add_client_id"]'),
  );
  await expect(clientId).toHaveCount(1);
  await expect(clientId).toContainText(/Client ID · /);
  await expect(clientId.locator("time")).toHaveText(/ago|just now/);
  await expect(clientId.getByRole("button", { name: "Client ID" })).toBeVisible();
  await expect(clientId.getByRole("button", { name: "Customer link" })).toBeVisible();
  await expect(clientId.getByRole("link")).toHaveAttribute("href", /^\/requests\//);
  const heights = await rows.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  console.log(`workspace request rows at 1440×900: ${heights.join(", ")}px`);
  for (const h of heights) expect(h).toBeLessThanOrEqual(64);
});
