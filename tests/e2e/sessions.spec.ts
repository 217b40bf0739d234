// Operator accounts and sessions in the browser: sign in with email and password, "Sign out
// everywhere" from a second browser ends the first one's session too (its page is sent to the
// login page by itself, and its old cookie reads nothing), and the account menu and login form at
// desktop and phone sizes, light and dark.
import { E2E_OPERATOR, expect, login, screenshot, test } from "./fixtures";

test("sign out everywhere from a second browser sends the first one to the login page", async ({ page, browser }) => {
  await login(page, "/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  expect((await page.request.get("/api/overview")).status()).toBe(200);

  const second = await browser.newContext();
  try {
    const other = await second.newPage();
    await other.goto("/login");
    await other.getByLabel(/email/i).fill(E2E_OPERATOR.email);
    await other.getByLabel(/password/i).fill(E2E_OPERATOR.password);
    await other.getByRole("button", { name: /sign in/i }).click();
    await expect(other).not.toHaveURL(/\/login/);
    await other.getByText(E2E_OPERATOR.email).first().click();
    await other.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(other).toHaveURL(/\/login\?signed_out=1$/);
    await expect(other.getByText("You are signed out.")).toBeVisible();
  } finally {
    await second.close();
  }

  // The first browser did nothing: its next refresh (at most 15 s) finds the session gone.
  await expect(page).toHaveURL(/\/login\?next=%2F$/, { timeout: 30_000 });
  expect((await page.request.get("/api/overview")).status()).toBe(401);
});

test("the account menu and the sign-in form, desktop and phone, light and dark", async ({ page }, testInfo) => {
  for (const [size, viewport] of [
    ["desktop", { width: 1440, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/login");
      await expect(page.getByLabel(/email/i)).toBeVisible();
      await screenshot(page, testInfo, `login-${size}-${scheme}`);
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
  await login(page, "/");
  for (const [size, viewport] of [
    ["desktop", { width: 1440, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/");
      await page.getByText(E2E_OPERATOR.email).first().click();
      await expect(page.getByRole("button", { name: "Sign out everywhere" })).toBeVisible();
      await screenshot(page, testInfo, `account-menu-${size}-${scheme}`);
    }
  }
});
