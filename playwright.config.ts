// End-to-end tests in Chromium against `next start` on a fresh database (tests/e2e/server.ts).
// Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own browser (laptops).
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL } from "./tests/e2e/env";

const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].find(
  (path): path is string => !!path && existsSync(path),
);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium" }],
  webServer: {
    command: "npx tsx tests/e2e/server.ts",
    url: `${E2E_BASE_URL}/`,
    // A first run builds the app (about a minute on two quiet cores, 5-8 minutes when other builds
    // share them) before serving.
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
