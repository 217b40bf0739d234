// Inkbox mail activity on the operator's mailbox page, in a real browser against `next start`: a
// `message.bounced` delivery, signed as Inkbox signs it, appears in the open page's mail feed
// (`data-testid="mail-activity-feed"`) without a reload, and a replay of it adds nothing.
import { mailboxPayload, type SimMailbox } from "../../lib/simulator/inboxkit-payloads";
import { inkboxMessageEvent, signInkbox, type SimMessage } from "../../lib/simulator/inkbox";
import { deliverAll, E2E_ENV, e2eWorkspace, expect, login, screenshot, test } from "./fixtures";
import type { APIRequestContext } from "@playwright/test";

function setup() {
  const { id, team, mailbox, email } = e2eWorkspace("mail");
  const message = (n: number, to: string): SimMessage => ({
    id: `msg_${id.toLowerCase()}_${n}`,
    mailboxEmail: email,
    direction: "outbound",
    from: email,
    to: [to],
    subject: `Intro ${n}: route planning for ${to.split("@")[1]}`,
    createdAt: new Date(Date.now() - 120_000),
  });
  return {
    team,
    mailbox,
    email,
    message,
    active: () =>
      mailboxPayload(team, mailbox, {
        status: "active",
        previous: "finalizing_setup",
        at: new Date(Date.now() - 300_000),
      }),
  };
}

/** POSTs one Inkbox delivery signed with the server's key, and asserts the answer. */
async function deliverInkbox(request: APIRequestContext, payload: object, expected = 200) {
  const [secret] = E2E_ENV.INKBOX_SIGNING_KEYS.split(",");
  const signed = signInkbox(payload, { secret });
  const response = await request.post(signed.path, { headers: signed.headers, data: signed.body });
  expect(response.status(), await response.text()).toBe(expected);
  return (await response.json()) as { event_id: number; duplicate: boolean };
}

test("a message.bounced delivery appears on the open mailbox page without reload", async ({
  page,
  request,
}, testInfo) => {
  const s = setup();
  await deliverAll(request, [s.active()]);
  const delivered = s.message(1, "maria@acme-logistics.com");
  await deliverInkbox(request, inkboxMessageEvent("message.sent", delivered, { at: new Date(Date.now() - 90_000) }));
  await deliverInkbox(
    request,
    inkboxMessageEvent("message.delivered", delivered, { at: new Date(Date.now() - 80_000) }),
  );

  await login(page, `/mailboxes/${s.mailbox.uid}`);
  await page.goto(`/mailboxes/${s.mailbox.uid}`);
  const feed = page.getByTestId("mail-activity-feed");
  await expect(feed).toBeVisible();
  await expect(feed.locator('[data-kind="delivered"]')).toHaveCount(1);
  await expect(feed.locator('[data-kind="bounced"]')).toHaveCount(0);
  await expect(page.locator("[data-live-status=live]")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  const bounced = s.message(2, "no-such-user@brightline.io");
  const payload = inkboxMessageEvent("message.bounced", bounced, { at: new Date(Date.now() - 5_000) });
  const sent = Date.now();
  const first = await deliverInkbox(request, payload);
  const entry = feed.locator('[data-kind="bounced"]');
  await expect(entry).toBeVisible({ timeout: 2_000 });
  testInfo.annotations.push({
    type: "latency",
    description: `bounce visible ${Date.now() - sent} ms after the delivery was answered`,
  });
  await expect(entry).toContainText("Bounced");
  await expect(entry).toContainText(bounced.subject);
  await expect(entry).toContainText("to no-such-user@brightline.io");
  // The status timeline shows status events only until mail is woven in; then by vendor time,
  // after the mailbox went active, last.
  const timeline = page.getByTestId("status-timeline");
  await expect(timeline.getByTestId("timeline-mail")).toHaveCount(0);
  await page.getByRole("button", { name: /Weave mail in/ }).click();
  await expect(timeline.getByTestId("timeline-mail").last()).toHaveAttribute("data-kind", "bounced");
  await expect(timeline.getByTestId("timeline-mail")).toHaveCount(3);
  // Newest first, and the same document: the page was not reloaded.
  await expect(feed.getByTestId("mail-activity-item").first()).toHaveAttribute("data-kind", "bounced");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  // Message bodies never reach the page.
  await expect(page.locator("body")).not.toContainText("Following up on");

  // A replay (re-signed: new request id and timestamp, same envelope id) is counted, not added, live too.
  const replay = await deliverInkbox(request, payload);
  expect(replay).toMatchObject({ duplicate: true, event_id: first.event_id });
  await expect(entry).toContainText("webhook ×2", { timeout: 2_000 });
  await expect(feed.locator('[data-kind="bounced"]')).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  await screenshot(page, testInfo, "mailbox-mail-activity");
});

test("clicking the Mail header sorts the mailboxes list by mail health: worst first, then best first, no mail last", async ({
  page,
  request,
}) => {
  const s = setup();
  const sibling = (username: string): SimMailbox => ({ ...s.mailbox, uid: `${s.mailbox.uid}-${username}`, username });
  const [clean, failing, silent] = [sibling("clean"), sibling("failing"), sibling("silent")];
  const at = new Date(Date.now() - 300_000);
  await deliverAll(
    request,
    [clean, failing, silent].map((m) =>
      mailboxPayload(s.team, m, { status: "active", previous: "finalizing_setup", at }),
    ),
  );
  const send = async (m: SimMailbox, n: number, eventType: string) => {
    const email = `${m.username}@${m.domain.name}`;
    const message: SimMessage = { ...s.message(n, "maria@acme-logistics.com"), mailboxEmail: email, from: email };
    await deliverInkbox(request, inkboxMessageEvent(eventType, message, { at: new Date(Date.now() - 60_000) }));
  };
  await send(clean, 1, "message.delivered");
  await send(failing, 2, "message.bounced");
  await send(failing, 3, "message.failed");

  await login(page, `/mailboxes?workspace=${s.team.workspaceId}`);
  const table = page.getByTestId("mailboxes-table");
  const order = () => table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-uid")));
  await expect(table.locator("tbody tr")).toHaveCount(3);
  const header = table.getByRole("link", { name: "Mail", exact: true });
  await expect(table.getByRole("columnheader", { name: "Mail", exact: true })).toHaveAttribute("title", /worst first/);

  await header.click();
  await expect(page).toHaveURL(/[?&]sort=mailHealth/);
  await expect(table.locator("th[aria-sort]")).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(order).toEqual([failing.uid, clean.uid, silent.uid]);

  await header.click();
  await expect(page).toHaveURL(/[?&]dir=desc/);
  await expect(table.locator("th[aria-sort]")).toHaveAttribute("aria-sort", "descending");
  await expect.poll(order).toEqual([clean.uid, failing.uid, silent.uid]);
  // The CSV export link carries the order.
  await expect(page.getByRole("link", { name: /export|csv/i })).toHaveAttribute("href", /sort=mailHealth/);
});
