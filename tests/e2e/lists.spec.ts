// The operator lists are dense and keep their header: at 1440×900 the mailboxes list shows at least
// 15 whole rows above the fold, each on one line; the header row stays visible while the page
// scrolls; platforms read "Google Workspace"; a mailbox without Inkbox mail leaves its mail cell
// empty; the rows-per-page choice is a link that changes the page size.
import { domainPayload, mailboxPayload, type SimMailbox } from "../../lib/simulator/inboxkit-payloads";
import { deliverAll, e2eWorkspace, expect, login, test } from "./fixtures";

test("the mailboxes list shows at least 15 one-line rows above the fold at 1440×900, with a sticky header", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const w = e2eWorkspace("density");
  const at = new Date(Date.now() - 60_000);
  const mailboxes: SimMailbox[] = Array.from({ length: 30 }, (_, i) => ({
    ...w.mailbox,
    uid: `${w.mailbox.uid}-${i}`,
    username: `person.${String(i).padStart(2, "0")}`,
    platform: i % 2 ? "MICROSOFT" : "GOOGLE",
  }));
  await deliverAll(request, [
    domainPayload(w.team, w.domain, { status: "active", previous: null, at }),
    ...mailboxes.map((m) => mailboxPayload(w.team, m, { status: "active", previous: null, at })),
  ]);

  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, "/mailboxes");
  await page.goto(`/mailboxes?workspace=${w.workspaceId}&sort=email&dir=asc`);
  const rows = page.getByTestId("mailboxes-table").locator("tbody tr");
  await expect(rows).toHaveCount(30);
  const boxes = await rows.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  const aboveFold = boxes.filter((b) => b.bottom <= 900).length;
  console.log(`mailboxes list at 1440×900: ${aboveFold} whole rows above the fold, row height ${boxes[0].height}px`);
  expect(aboveFold).toBeGreaterThanOrEqual(15);
  // One line each: no row is taller than one line of text plus its padding and badge.
  expect(Math.max(...boxes.map((b) => b.height))).toBeLessThanOrEqual(40);

  const first = rows.first();
  const platform = await page.getByTestId("mailboxes-table").locator("thead th").allTextContents();
  await expect(first.getByRole("cell").nth(platform.findIndex((h) => h.startsWith("Platform")))).toHaveText(
    /Google Workspace|Microsoft 365/,
  );
  await expect(first.getByTestId("mail-health-cell")).toHaveCount(0);
  await expect(first).not.toContainText("No mail yet");
  // Inside the address, the domain is not repeated in a column of its own.
  await expect(page.getByTestId("mailboxes-table").locator("thead th")).not.toContainText(["Domain"]);

  // Sticky header: after scrolling, the column headers are still on screen, below the page header.
  await page.mouse.wheel(0, 600);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
  const header = page.getByTestId("mailboxes-table").locator("thead th").first();
  const box = (await header.boundingBox())!;
  const pageHeader = (await page.locator("header").first().boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(pageHeader.y + pageHeader.height - 1);
  expect(box.y).toBeLessThan(pageHeader.y + pageHeader.height + 4);

  // Rows per page.
  await page.getByRole("link", { name: "25 rows per page" }).click();
  await expect(rows).toHaveCount(25);
  await expect(page).toHaveURL(/pageSize=25/);
});

test("at 1440×900 a list fits its card: a long address is cut to the width the other columns leave", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const w = e2eWorkspace("overflow");
  const at = new Date(Date.now() - 60_000);
  const long: SimMailbox = { ...w.mailbox, username: `${"a-very-long-mailbox-name-".repeat(3)}${w.id.toLowerCase()}` };
  await deliverAll(request, [
    domainPayload({ ...w.team, teamName: "A team whose name is much longer than a column" }, w.domain, {
      status: "active",
      previous: null,
      at,
    }),
    mailboxPayload({ ...w.team, teamName: "A team whose name is much longer than a column" }, long, {
      status: "active",
      previous: null,
      at,
    }),
  ]);

  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, "/mailboxes");
  for (const path of [`/mailboxes?q=${long.username}`, `/domains?q=${w.domain.name}`]) {
    await page.goto(path);
    const table = page.locator("table");
    await expect(table.locator("tbody tr")).toHaveCount(1);
    const fit = await table.evaluate((t) => {
      const card = t.parentElement!.parentElement!.getBoundingClientRect();
      const cells = [...t.querySelectorAll("th, td")].map((c) => c.getBoundingClientRect().right);
      return { card: card.right, table: t.getBoundingClientRect().right, cells: Math.max(...cells) };
    });
    console.log(`${path} at 1440×900: card right ${fit.card}, table right ${fit.table}, last cell right ${fit.cells}`);
    expect(fit.table).toBeLessThanOrEqual(fit.card + 0.5);
    expect(fit.cells).toBeLessThanOrEqual(fit.card + 0.5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);
  }
  // The cut address is whole in its link's name.
  await page.goto(`/mailboxes?q=${long.username}`);
  await expect(page.getByRole("link", { name: `${long.username}@${w.domain.name}` })).toBeVisible();
});
