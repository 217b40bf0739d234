// Screenshots of the pages people look at most (overview, a mailbox with mail, the customer page),
// at 1440×900 and 390×844, light and dark, saved as
// test-results/screenshots/look-<tag>-<page>-<desktop|phone>-<light|dark>.png for a person to look at
// (LOOK_TAG names the set, e.g. before/after a change).
import { customerLink, expect, login, playScenario, screenshotsInEveryLook, test } from "./fixtures";

const TAG = process.env.LOOK_TAG ?? "now";

test("overview, mailbox page and customer page, desktop and phone, light and dark", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  const onboarding = playScenario(request, "google-onboarding");
  await onboarding.until(/client ID .* → pending/);
  await playScenario(request, "dns-failed", { workspaceId: onboarding.workspaceId }).rest();
  const mail = playScenario(request, "inkbox-bounces");
  await mail.rest();

  await login(page);
  const found = await page.request.get(`/api/mailboxes?workspace=${mail.workspaceId}`);
  const { rows } = (await found.json()) as { rows: { uid: string }[] };
  expect(rows.length).toBeGreaterThan(0);
  const pages = {
    overview: "/",
    mailbox: `/mailboxes/${rows[0].uid}`,
    customer: await customerLink(onboarding.workspaceId),
  };
  // Each page loaded once, its four looks switched in place (CSS media queries only).
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(path);
    await page.waitForLoadState("load");
    await page.waitForTimeout(500);
    await screenshotsInEveryLook(page, testInfo, `look-${TAG}-${name}`, true);
  }
});
