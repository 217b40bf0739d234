// Times (issue 14): one format on every page, the reader's time zone named, UTC on hover. The
// browser runs in New York: every absolute time reads "2 Dec 2026, 08:05:09 GMT-5" (GMT-4 in
// summer), every <time> carries a UTC tooltip, and ages ("3 minutes ago") show the same on hover.
import { customerLink, expect, login, playScenario, test } from "./fixtures";
import type { Page } from "@playwright/test";

test.use({ timezoneId: "America/New_York" });

const ABSOLUTE = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}(\.\d{3})? GMT-[45]$/;
const UTC = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}(\.\d{3})? UTC$/;

/** Every <time> on the page: its text, its tooltip and which kind it is. */
async function times(page: Page) {
  return page.locator("time").evaluateAll((els) =>
    els.map((el) => ({
      text: el.textContent?.trim() ?? "",
      title: el.getAttribute("title") ?? "",
      kind: el.getAttribute("data-time"),
    })),
  );
}

function expectOneFormat(found: Awaited<ReturnType<typeof times>>, where: string) {
  expect(found.length, `${where}: times on the page`).toBeGreaterThan(0);
  for (const t of found) {
    if (t.kind === "relative") {
      // "3 minutes ago" / "Last change just now": the tooltip is the New York time, then UTC.
      const [local, utc] = t.title.split(" · ");
      expect(local, `${where}: ${JSON.stringify(t)}`).toMatch(ABSOLUTE);
      expect(utc, `${where}: ${JSON.stringify(t)}`).toMatch(UTC);
    } else {
      expect(t.text, `${where}: ${JSON.stringify(t)}`).toMatch(ABSOLUTE);
      expect(t.title, `${where}: ${JSON.stringify(t)}`).toMatch(UTC);
    }
  }
}

test("every page writes times one way, in the reader's zone with its name, UTC on hover", async ({ page, request }) => {
  test.setTimeout(300_000);
  const play = playScenario(request, "google-onboarding");
  await play.until(/client ID .* → pending/);
  await login(page, "/");
  const first = async (path: string) =>
    ((await (await page.request.get(path)).json()) as { rows: { uid: string }[] }).rows[0].uid;
  const mailbox = `/mailboxes/${await first(`/api/mailboxes?workspace=${play.workspaceId}`)}`;
  const pages = {
    overview: "/",
    mailbox,
    domain: `/domains/${await first(`/api/domains?workspace=${play.workspaceId}`)}`,
    workspace: `/workspaces/${play.workspaceId}`,
    events: "/events",
    customer: await customerLink(play.workspaceId),
  };
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(path);
    await expect(page.locator("time").first()).toBeAttached();
    // After hydration the browser's zone replaces the server's UTC.
    await expect.poll(async () => (await times(page)).some((t) => /GMT-[45]/.test(t.text + t.title))).toBe(true);
    expectOneFormat(await times(page), name);
  }

  // The mailbox timeline: vendor and received times are absolute, in New York time.
  await page.goto(mailbox);
  const entry = page.getByTestId("timeline-entry").first();
  await expect(entry.locator('time[data-time="absolute"]').first()).toHaveText(ABSOLUTE);
});
