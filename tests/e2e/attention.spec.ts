// The attention queue in a real browser against `next start`, on a server of its own (a fresh
// database, so totals are exact whatever the other specs deliver): events are back-dated through
// signed webhooks whose vendor times lie in the past. A domain waiting for DNS propagation for 5
// days is the first row, critical; 3 days is a warning; a fresh one is not in the queue;
// acknowledging removes it and the audit log says who did it; 40 pending consents across 40
// workspaces give a total of 40. Each runs on SQLite and on PostgreSQL (E2E_DATABASE), a server for each.
import { spawn, type ChildProcess } from "node:child_process";
import { consentPayload, domainPayload, mailboxPayload, type SimMailbox } from "../../lib/simulator/inboxkit-payloads";
import {
  customerLink,
  deliverAll,
  e2eWorkspace,
  expect,
  login,
  screenshotsInEveryLook,
  test,
  unique,
} from "./fixtures";
import { E2E_ENV, E2E_OPERATOR, E2E_PORT } from "./env";

test.describe.configure({ mode: "serial" });

for (const [index, database] of (["sqlite", "postgresql"] as const).entries()) {
  test.describe(`on ${database}`, () => {
    const PORT = E2E_PORT + 1 + index;
    const BASE = `http://127.0.0.1:${PORT}`;
    let server: ChildProcess | null = null;
    // The same screens on both databases: taken once.
    const screenshots = database === "sqlite" ? screenshotsInEveryLook : async () => undefined;

    test.use({ baseURL: BASE });

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      server = spawn(process.execPath, ["--import", "tsx", "tests/e2e/server.ts"], {
        env: { ...process.env, E2E_PORT: String(PORT), E2E_DATABASE: database },
        stdio: "ignore",
      });
      const deadline = Date.now() + 110_000;
      for (;;) {
        const up = await fetch(`${BASE}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (Date.now() > deadline) throw new Error(`the attention server (${database}) did not start on ${BASE}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    });

    test.afterAll(async () => {
      if (!server) return;
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    });

    const bearer = { authorization: `Bearer ${E2E_ENV.DASHBOARD_API_TOKEN}` };
    const daysAgo = (d: number) => new Date(Date.now() - d * 86400_000);

    test("40 pending consents across 40 workspaces: the queue says 40, none hidden", async ({ page, request }) => {
      const prefix = unique("cons");
      const payloads = Array.from({ length: 40 }, (_, i) => {
        const ws = e2eWorkspace(`c${i}`);
        const mailbox: SimMailbox = { ...ws.mailbox, uid: `${prefix}-mb-${i}` };
        return consentPayload(
          { ...ws.team, workspaceId: `${prefix}-ws-${String(i).padStart(2, "0")}` },
          { uid: `${prefix}-${i}`, mailbox },
          { status: "pending", previous: "queued", at: new Date(Date.now() - (i + 1) * 60_000) },
        );
      });
      await deliverAll(request, payloads);

      const api = await (await request.get("/api/attention?limit=200", { headers: bearer })).json();
      expect(api.total).toBe(40);
      expect(new Set(api.items.map((i: { workspaceId: string }) => i.workspaceId)).size).toBe(40);

      await login(page, "/");
      const queue = page.getByTestId("attention-queue");
      await expect(queue.getByTestId("attention-total")).toHaveText("40 open");
      // A page at a time, never silently capped: 25 shown of 40, then the rest.
      await expect(queue.getByTestId("attention-item")).toHaveCount(25);
      await expect(queue.getByTestId("attention-shown")).toHaveText("Showing 25 of 40");
      await queue.getByRole("button", { name: "Show 15 more" }).click();
      await expect(queue.getByTestId("attention-item")).toHaveCount(40);
      await expect(queue.getByTestId("attention-shown")).toHaveText("Showing 40 of 40");
      await expect(queue.getByRole("button", { name: /Show \d+ more/ })).toHaveCount(0);
      await expect(queue.getByRole("button", { name: /Customer action\s*40/ })).toBeVisible();
      // The oldest pending consent (40 min) is first among them.
      await expect(queue.getByTestId("attention-item").first()).toHaveAttribute("data-uid", `${prefix}-39`);
    });

    test("a domain waiting for DNS 5 days is first and critical, 3 days a warning, a fresh one absent; acknowledging removes it and /audit says who", async ({
      page,
      request,
    }, testInfo) => {
      test.setTimeout(180_000);
      const five = e2eWorkspace("fivedays");
      const three = e2eWorkspace("threedays");
      const fresh = e2eWorkspace("fresh");
      const waiting = (w: ReturnType<typeof e2eWorkspace>, at: Date) => [
        domainPayload(w.team, w.domain, {
          status: "registration_in_progress",
          previous: null,
          at: new Date(at.getTime() - 3600_000),
        }),
        domainPayload(w.team, w.domain, {
          status: "waiting_for_dns_propagation",
          previous: "registration_in_progress",
          at,
        }),
      ];
      await deliverAll(request, [
        ...waiting(five, daysAgo(5)),
        ...waiting(three, daysAgo(3)),
        ...waiting(fresh, new Date()),
      ]);
      // The vendor repeats the status today: the age still counts from 5 days ago.
      await deliverAll(request, [
        domainPayload(five.team, five.domain, {
          status: "waiting_for_dns_propagation",
          previous: "waiting_for_dns_propagation",
          at: new Date(),
        }),
      ]);

      await login(page, "/");
      const queue = page.getByTestId("attention-queue");
      const items = queue.getByTestId("attention-item");
      const first = items.first();
      await expect(first).toHaveAttribute("data-uid", five.domain.uid);
      await expect(first).toHaveAttribute("data-severity", "critical");
      await expect(first).toContainText(five.domain.name);
      await expect(first.getByTestId("attention-age")).toHaveText(/^5 d/);
      const threeRow = items.and(page.locator(`[data-uid="${three.domain.uid}"]`));
      await expect(threeRow).toHaveAttribute("data-severity", "warning");
      await expect(items.and(page.locator(`[data-uid="${fresh.domain.uid}"]`))).toHaveCount(0);
      await expect(queue.getByTestId("attention-total")).toHaveText("42 open");
      await expect(queue.getByTestId("attention-severity-counts")).toContainText("1 critical");
      await screenshots(page, testInfo, "attention-overview");

      // Acknowledge with a note: gone from the queue at once (no reload), and in the audit log with who.
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      await first.getByRole("button", { name: "Acknowledge" }).click();
      await first.getByLabel("Acknowledgement note").fill("Registrar ticket 4411 open");
      await first.getByRole("button", { name: "Save" }).click();
      await expect(items.and(page.locator(`[data-uid="${five.domain.uid}"]`))).toHaveCount(0);
      await expect(queue.getByTestId("attention-total")).toHaveText("41 open");
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

      // Snooze the 3-day one for an hour: gone too.
      await threeRow.getByText("Snooze ▾").click();
      await threeRow.getByRole("button", { name: "Snooze 1 h" }).click();
      await expect(threeRow).toHaveCount(0);
      await expect(queue.getByTestId("attention-total")).toHaveText("40 open");

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
      await expect(page).toHaveURL(/\/audit$/);
      const rows = page.getByTestId("audit-row");
      const ack = rows.filter({ hasText: "Registrar ticket 4411 open" });
      await expect(ack).toHaveCount(1);
      await expect(ack).toContainText(five.domain.name);
      await expect(ack).toContainText("Acknowledged");
      // Who: the signed-in operator's account.
      await expect(ack.getByTestId("audit-who")).toHaveText(E2E_OPERATOR.email);
      await expect(rows.filter({ hasText: three.domain.name })).toContainText("Snoozed");
      // Show acknowledged and snoozed: both still there, flagged.
      await page.goto("/");
      await page.getByLabel("Include acknowledged and snoozed").check();
      await expect(page.getByTestId("attention-acknowledged")).toContainText("Registrar ticket 4411 open");
    });

    test("a contact set in the workspace's settings appears on the customer page; a failed consent says whom to contact and its mailbox needs action", async ({
      page,
      request,
    }, testInfo) => {
      test.setTimeout(240_000);
      const ws = e2eWorkspace("contact");
      const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
      await deliverAll(request, [
        domainPayload(ws.team, ws.domain, { status: "active", previous: "waiting_for_dns_propagation", at: at(30) }),
        mailboxPayload(ws.team, ws.mailbox, { status: "configuring_auth", previous: "configuring_dkim", at: at(20) }),
        consentPayload(
          ws.team,
          { uid: `CNS-${ws.id}`, mailbox: ws.mailbox },
          { status: "failed", previous: "pending", at: at(5) },
        ),
      ]);

      // Before any contact is set: no "Questions?" line, and the mailbox does not pretend to be setting up.
      await page.goto(await customerLink(ws.workspaceId));
      const mailbox = page.getByTestId("mailboxes-item");
      await expect(mailbox).toContainText("Needs your action");
      await expect(mailbox).not.toContainText(/setting up/i);
      await expect(page.getByTestId("customer-contact")).toHaveCount(0);

      await login(page, `/workspaces/${ws.workspaceId}`);
      await page.getByRole("link", { name: "Workspace settings" }).click();
      const form = page.getByTestId("workspace-settings");
      await form.getByLabel("Customer contact name").fill("Dana Smith");
      await form.getByLabel("Customer contact email").fill("dana@example.com");
      await form.getByRole("button", { name: "Save settings" }).click();
      await expect(form.getByRole("status")).toHaveText("Saved");
      await expect(page.getByTestId("workspace-audit")).toContainText("Changed contact name, contact email");
      await expect(page.getByTestId("workspace-audit").getByTestId("audit-who").first()).toHaveText(E2E_OPERATOR.email);

      await page.goto(await customerLink(ws.workspaceId));
      await expect(page.getByTestId("customer-contact")).toHaveText("Questions? Contact Dana Smith dana@example.com.");
      await expect(page.getByTestId("failed-contact")).toContainText("Dana Smith (dana@example.com)");
      await expect(page.getByTestId("mailboxes-item")).toContainText("Needs your action");
      await screenshots(page, testInfo, "attention-customer", true);

      // /settings: a budget changed and put back, both in the audit log.
      await page.goto("/settings");
      // The alert channels are set here too, not only on /notifications.
      await expect(page.getByTestId("channel-settings").locator('[data-channel="slack"]')).toBeVisible();
      const row = page.locator('[data-budget="domain:waiting_for_dns_propagation"]');
      await row.getByRole("textbox").fill("3 d");
      await page.getByRole("button", { name: "Save 1 change" }).click();
      await expect(row).toContainText("custom");
      await expect(row.getByRole("textbox")).toHaveValue("3 d");
      await screenshots(page, testInfo, "attention-settings", true);
      await row.getByRole("button", { name: "Default" }).click();
      await expect(row).not.toContainText("custom");
      await expect(row.getByRole("textbox")).toHaveValue("2 d");
      const log = (await (await request.get("/api/audit?limit=2", { headers: bearer })).json()).rows;
      expect(log.map((r: { summary: string }) => r.summary)).toEqual([
        "Changed attention budgets: domain waiting_for_dns_propagation 72 h → 48 h",
        "Changed attention budgets: domain waiting_for_dns_propagation 48 h → 72 h",
      ]);
    });
  });
}
