// Security in the browser: the CSP really stops a script the page did not send, and a hostile
// `next` after sign-in never answers 500 or leaves the site.
import { test as plain } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { expect, login, test } from "./fixtures";

plain("markup injected into a page cannot run script (the XSS shape: an inline event handler)", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/login");
  await page.evaluate(() => {
    const div = document.createElement("div");
    div.innerHTML = `<img src="/no-such-image.png" onerror="window.__injected = true">`;
    document.body.append(div);
  });
  await expect.poll(() => violations.join("\n")).toMatch(/script-src/);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
});

test("a signed-in operator sent to a non-ASCII next lands on this site, never a 500", async ({ page }) => {
  await login(page, "/");
  const response = await page.goto("/login?next=%2F%E3%80%82");
  expect(response!.status()).toBeLessThan(500);
  expect(new URL(page.url()).origin).toBe(E2E_BASE_URL);
  expect(new URL(page.url()).pathname).toBe("/%E3%80%82");
});
