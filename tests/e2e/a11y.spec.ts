// Accessibility with axe-core on every page, in light and dark at 1440×900 and on a phone (390×844):
// no serious or critical violation. The counts per page and mode (every impact) are written to
// test-results/axe-summary.json. Also here: what the HTTP layer answers for unknown subjects and
// visitors without a session, the favicon, the skip link and the focus ring.
import AxeBuilder from "@axe-core/playwright";
import { request as apiRequest, test as plain, type APIRequestContext, type Page } from "@playwright/test";
import { mailboxPayload } from "../../lib/simulator/inboxkit-payloads";
import { loginPath } from "../../lib/auth/next-path";
import {
  customerLink,
  deliver,
  E2E_ENV,
  E2E_OPERATOR,
  e2eWorkspace,
  expect,
  login,
  playScenario,
  test,
  unique,
} from "./fixtures";
import { E2E_BASE_URL } from "./env";

const MODES = [
  { name: "light", viewport: { width: 1440, height: 900 }, colorScheme: "light" },
  { name: "dark", viewport: { width: 1440, height: 900 }, colorScheme: "dark" },
  { name: "phone", viewport: { width: 390, height: 844 }, colorScheme: "light" },
  { name: "phone-dark", viewport: { width: 390, height: 844 }, colorScheme: "dark" },
] as const;

type Finding = { id: string; impact: string | null | undefined; nodes: number; targets: string[] };

async function audit(page: Page): Promise<Finding[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}

/**
 * Seeds once per worker: a workspace in onboarding (banners, a failed connected domain), an Inkbox
 * mailbox with mail and a refused delivery; signs in once. Returns the pages to audit and the cookies.
 */
let seeded: Promise<{
  pages: Record<string, string>;
  cookies: Awaited<ReturnType<APIRequestContext["storageState"]>>["cookies"];
}> | null = null;
function seedOnce() {
  seeded ??= (async () => {
    const request = await apiRequest.newContext({ baseURL: E2E_BASE_URL });
    const onboarding = playScenario(request, "google-onboarding");
    await onboarding.until(/client ID .* → pending/);
    await playScenario(request, "dns-failed", { workspaceId: onboarding.workspaceId }).rest();
    const mail = playScenario(request, "inkbox-bounces");
    await mail.rest();
    const w = e2eWorkspace();
    await deliver(request, mailboxPayload(w.team, w.mailbox, { status: "pending", previous: null, at: new Date() }), {
      secret: "not-the-secret",
    });
    const signIn = await request.post("/api/auth/login", {
      data: { email: E2E_OPERATOR.email, password: E2E_OPERATOR.password, next: "/" },
      headers: { origin: E2E_BASE_URL },
    });
    expect(signIn.status()).toBeLessThan(400);
    const first = async (path: string) =>
      ((await (await request.get(path)).json()) as { rows: { uid: string }[] }).rows[0].uid;
    const pages: Record<string, string> = {
      overview: "/",
      domains: "/domains",
      domain: `/domains/${await first(`/api/domains?workspace=${onboarding.workspaceId}`)}`,
      mailboxes: "/mailboxes",
      mailbox: `/mailboxes/${await first(`/api/mailboxes?workspace=${mail.workspaceId}`)}`,
      requests: "/requests",
      request: `/requests/${await first(`/api/requests?workspace=${onboarding.workspaceId}`)}`,
      events: "/events",
      deliveries: "/deliveries",
      notifications: "/notifications",
      workspace: `/workspaces/${onboarding.workspaceId}`,
      customer: await customerLink(onboarding.workspaceId),
      "not found": "/no-such-page",
    };
    for (const optional of ["/settings", "/audit"])
      if ((await request.get(optional, { maxRedirects: 0 })).status() === 200) pages[optional.slice(1)] = optional;
    const { cookies } = await request.storageState();
    await request.dispose();
    return { pages, cookies };
  })();
  return seeded;
}

const PAGE_NAMES = [
  "overview",
  "domains",
  "domain",
  "mailboxes",
  "mailbox",
  "requests",
  "request",
  "events",
  "deliveries",
  "notifications",
  "workspace",
  "customer",
  "not found",
  "settings",
  "audit",
  "login",
];

for (const mode of MODES) {
  test.describe(`axe, ${mode.name}`, () => {
    for (const name of PAGE_NAMES) {
      test(`${name} (${mode.name}): no serious or critical axe violation`, async ({ page }) => {
        test.setTimeout(180_000);
        const { pages, cookies } = await seedOnce();
        const path = name === "login" ? "/login" : pages[name];
        test.skip(!path, `${name} does not exist yet`);
        if (name !== "login") await page.context().addCookies(cookies);
        await page.setViewportSize(mode.viewport);
        await page.emulateMedia({ colorScheme: mode.colorScheme });
        await page.goto(path);
        await page.waitForTimeout(300); // hydration and the first SWR render
        const counts: Record<string, number> = {};
        const serious: string[] = [];
        for (const f of await audit(page)) {
          const impact = f.impact ?? "unknown";
          counts[impact] = (counts[impact] ?? 0) + f.nodes;
          if (impact === "serious" || impact === "critical")
            serious.push(`${impact} ${f.id} ×${f.nodes} ${f.targets.join(" | ")}`);
        }
        console.log(
          `axe ${mode.name} ${name}: ${JSON.stringify(counts)}${serious.length ? ` ${serious.join("; ")}` : ""}`,
        );
        expect(serious, serious.join("\n")).toEqual([]);
      });
    }
  });
}

plain("unknown subjects answer 404, pages without a session 307 to /login?next=…", async () => {
  const signedOut = await apiRequest.newContext({ baseURL: E2E_BASE_URL, maxRedirects: 0 });
  for (const path of ["/", "/domains", "/mailboxes?status=active", "/domains/DOM-X", "/workspaces/ws-x"]) {
    const response = await signedOut.get(path);
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toBe(loginPath(path));
  }
  await signedOut.dispose();

  const operator = await apiRequest.newContext({
    baseURL: E2E_BASE_URL,
    maxRedirects: 0,
    extraHTTPHeaders: { authorization: `Bearer ${E2E_ENV.DASHBOARD_API_TOKEN}` },
  });
  const id = unique("none");
  for (const path of [`/domains/${id}`, `/mailboxes/${id}`, `/requests/${id}`, `/workspaces/${id}`, "/no-such-page"]) {
    const response = await operator.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).toContain("does not exist");
  }
  await operator.dispose();
});

test("a favicon, a skip link to the content and a visible focus ring", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) failed.push(r.url());
  });
  await login(page, "/domains");
  await page.goto("/domains");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await page.request.get(icon!)).status()).toBe(200);

  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  // The main navigation comes before "Sign out" in keyboard order.
  const order = await page.evaluate(() => {
    const nav = document.querySelector('nav[aria-label="Main"]')!;
    const signOut = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Sign out")!;
    return nav.compareDocumentPosition(signOut) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();

  const search = page.getByRole("searchbox").or(page.locator('input[name="q"]')).first();
  await search.focus();
  const outline = await search.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  const navLink = page.getByRole("navigation", { name: "Main" }).getByRole("link").nth(1);
  await navLink.focus();
  expect(await navLink.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
  expect(failed).toEqual([]);
});
