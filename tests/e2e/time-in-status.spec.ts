// Time in status on the lists, in a real browser against `next start`: in one workspace, a domain
// waiting for DNS propagation for 3 days (past its 48 h budget) shows an amber badge, one waiting
// for 5 days (past twice the budget: critical) a red one, a fresh one keeps its blue; "Needs
// attention" narrows the list to the two, kept in the URL; sorting by time in status puts the
// oldest first, although the 3-day one changed last (the vendor repeated its status today).
// Screenshots of the three lists at 1440×900 and 390×844, light and dark.
import type { Locator } from "@playwright/test";
import { consentPayload, domainPayload, mailboxPayload, type SimDomain } from "../../lib/simulator/inboxkit-payloads";
import { deliverAll, e2eWorkspace, expect, login, screenshotsInEveryLook, test } from "./fixtures";

const ago = (ms: number) => new Date(Date.now() - ms);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

test("lists: amber past budget, red when critical, 'Needs attention' narrows, time in status sorts oldest first", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  const w = e2eWorkspace("tis");
  const domain = (key: string): SimDomain => ({ uid: `${w.domain.uid}-${key}`, name: `${key}-${w.domain.name}` });
  const [five, three, fresh] = [domain("five"), domain("three"), domain("fresh")];
  const waiting = (d: SimDomain, at: Date) => [
    domainPayload(w.team, d, { status: "registration_in_progress", previous: null, at: new Date(at.getTime() - HOUR) }),
    domainPayload(w.team, d, { status: "waiting_for_dns_propagation", previous: "registration_in_progress", at }),
  ];
  await deliverAll(request, [
    ...waiting(five, ago(5 * DAY)),
    ...waiting(three, ago(3 * DAY)),
    ...waiting(fresh, ago(60_000)),
    // The vendor repeats the 3-day domain's status now: its last change is the newest, its time in status stays 3 days.
    domainPayload(w.team, three, {
      status: "waiting_for_dns_propagation",
      previous: "waiting_for_dns_propagation",
      at: new Date(),
    }),
    mailboxPayload(w.team, w.mailbox, {
      status: "configuring_dns",
      previous: "configuring_workspace",
      at: ago(7 * HOUR),
    }),
    consentPayload(
      w.team,
      { uid: `CNS-${w.id}`, mailbox: w.mailbox },
      { status: "pending", previous: "queued", at: ago(30 * HOUR) },
    ),
  ]);

  await login(page, `/domains?workspace=${w.workspaceId}`);
  const table = page.getByTestId("domains-table");
  const rows = table.locator("tbody tr");
  const row = (d: SimDomain) => table.locator(`tr[data-uid="${d.uid}"]`);
  const badge = (d: SimDomain) => row(d).getByTestId("status-badge");
  await expect(rows).toHaveCount(3);
  // Colour from the budget: amber past it, red when critical; the words say it too.
  await expect(badge(three)).toHaveAttribute("data-variant", "warning");
  await expect(badge(three)).toContainText("past budget");
  await expect(badge(five)).toHaveAttribute("data-variant", "danger");
  await expect(badge(five)).toContainText("critical");
  await expect(badge(fresh)).toHaveAttribute("data-variant", "progress");
  await expect(row(five).getByTestId("time-in-status")).toHaveText(/^5 d/);
  await expect(row(three).getByTestId("time-in-status")).toHaveText(/^3 d/);
  // Default order: last change, newest first.
  await expect.poll(() => uids(rows)).toEqual([three.uid, fresh.uid, five.uid]);

  // Needs attention: only the two past their budget, and the URL says so.
  await page.getByRole("link", { name: "Needs attention" }).click();
  await expect(page).toHaveURL(/[?&]attention=open/);
  await expect(rows).toHaveCount(2);
  await expect(row(fresh)).toHaveCount(0);

  // Time in status, longest first; the filter stays on.
  await table.getByRole("link", { name: "In status" }).click();
  await expect(page).toHaveURL(/[?&]sort=timeInStatus/);
  await expect(page).toHaveURL(/[?&]attention=open/);
  await expect.poll(() => uids(rows)).toEqual([five.uid, three.uid]);
  await expect(table.locator("th[aria-sort]")).toHaveAttribute("aria-sort", "descending");

  // Filter off, sort kept: the oldest first, the fresh one last.
  await page.getByRole("link", { name: "Needs attention" }).click();
  await expect(page).not.toHaveURL(/attention=/);
  await expect(rows).toHaveCount(3);
  await expect.poll(() => uids(rows)).toEqual([five.uid, three.uid, fresh.uid]);
  await screenshotsInEveryLook(page, testInfo, "list-domains");

  // The other two lists carry the same column and filter.
  await page.goto(`/mailboxes?workspace=${w.workspaceId}&sort=timeInStatus&attention=open`);
  const mailbox = page.getByTestId("mailboxes-table").locator(`tr[data-uid="${w.mailbox.uid}"]`);
  await expect(mailbox.getByTestId("status-badge")).toHaveAttribute("data-variant", "warning");
  await expect(mailbox.getByTestId("time-in-status")).toHaveText(/^7 h/);
  await screenshotsInEveryLook(page, testInfo, "list-mailboxes");
  await page.goto(`/requests?workspace=${w.workspaceId}&attention=open`);
  const consent = page.getByTestId("requests-table").locator("tbody tr");
  await expect(consent).toHaveCount(1);
  await expect(consent.getByTestId("status-badge")).toHaveAttribute("data-variant", "warning");
  await expect(consent.getByTestId("time-in-status")).toHaveText(/^1 d 6 h/);
  await screenshotsInEveryLook(page, testInfo, "list-requests");
});

/** The rows' uids in order; read through expect.poll: after a click the URL changes before the table re-renders. */
const uids = (rows: Locator) => rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-uid")));
