// Operator accounts and sessions in the browser: sign in with email and password, "Sign out
// everywhere" from a second browser ends the first one's session too (its page is sent to the
// login page by itself, and its old cookie reads nothing), and the account menu and login form at
// desktop and phone sizes, light and dark.
import { E2E_SESSIONS_OPERATOR as OPERATOR, expect, inEveryLook, login, screenshot, test } from "./fixtures";

test("sign out everywhere from a second browser sends the first one to the login page", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page, "/", OPERATOR);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  expect((await page.request.get("/api/overview")).status()).toBe(200);

  const second = await browser.newContext();
  try {
    const other = await second.newPage();
    await other.goto("/login");
    await other.getByLabel(/email/i).fill(OPERATOR.email);
    await other.getByLabel(/password/i).fill(OPERATOR.password);
    await other.getByRole("button", { name: /sign in/i }).click();
    await expect(other).not.toHaveURL(/\/login/);
    await expect(other.getByTestId("account-menu")).toContainText(OPERATOR.email);
    await other.getByTestId("account-menu").click();
    await other.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(other).toHaveURL(/\/login\?signed_out=1$/);
    await expect(other.getByText("You are signed out.")).toBeVisible();
  } finally {
    await second.close();
  }

  // The operator returns to the first browser's tab: its refresh on focus (or the 15 s one) finds
  // the session gone and the tab goes to the login page by itself.
  // The tab may already be on its way there (its live stream was refused): then there is nothing to focus.
  await page
    .evaluate(() => window.dispatchEvent(new Event("focus")))
    .catch((error: unknown) => {
      if (!String(error).includes("Execution context was destroyed")) throw error;
    });
  await expect(page).toHaveURL(/\/login\?next=%2F$/, { timeout: 30_000 });
  expect((await page.request.get("/api/overview")).status()).toBe(401);
});

test("the account menu and the sign-in form, desktop and phone, light and dark", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await inEveryLook(page, async (label) => {
    await page.goto("/login");
    await expect(page.getByLabel(/email/i)).toBeVisible();
    await screenshot(page, testInfo, `login-${label}`);
  });
  await login(page, "/", OPERATOR);
  await inEveryLook(page, async (label) => {
    await page.goto("/");
    await page.getByTestId("account-menu").click();
    await expect(page.getByRole("button", { name: "Sign out everywhere" })).toBeVisible();
    await screenshot(page, testInfo, `account-menu-${label}`);
  });
});
