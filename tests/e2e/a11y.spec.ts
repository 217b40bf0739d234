// Accessibility with axe-core on every page, in light and dark at 1440×900 and on a phone (390×844):
// no serious or critical violation. The counts per page and look (every impact) are logged. Also here:
// what the HTTP layer answers for unknown subjects and visitors without a session, the favicon, the
// skip link and the focus ring.
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
  inEveryLook,
  login,
  playScenario,
  test,
  unique,
} from "./fixtures";
import { E2E_BASE_URL } from "./env";

type Finding = { id: string; impact: string | null | undefined; nodes: number; targets: string[] };

/**
 * axe on the page as it stands once settled: loaded, and no colour transition half-way (a look is
 * switched in place). A navigation during the run (a page that refreshes itself) is waited out and
 * the run repeated, at most twice.
 */
async function audit(page: Page): Promise<Finding[]> {
  for (let attempt = 1; ; attempt++) {
    await page.waitForLoadState("load");
    // Transitions only: an endless animation (a pulsing badge) never finishes.
    await page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a instanceof CSSTransition)
          .map((a) => a.finished.catch(() => null)),
      ),
    );
    try {
      return findings(
        await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
          .analyze(),
      );
    } catch (error) {
      if (attempt === 3 || !/context was destroyed|navigat/i.test(String(error))) throw error;
    }
  }
}

function findings(result: Awaited<ReturnType<AxeBuilder["analyze"]>>): Finding[] {
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

// One test per page: it is loaded once and audited in every look, switched in place (the looks are
// CSS media queries only: viewport width and prefers-color-scheme), which spares 48 page loads. The
// pages are spread over the workers (each seeds its own data once): in one worker this file was the
// suite's longest path.
test.describe.configure({ mode: "parallel" });

for (const name of PAGE_NAMES) {
  test(`axe: ${name} has no serious or critical violation at 1440×900 and 390×844, light and dark`, async ({
    page,
  }) => {
    test.setTimeout(420_000); // seeding (first page of a worker) and four axe runs; 180 s ran out at load 20
    const { pages, cookies } = await seedOnce();
    const path = name === "login" ? "/login" : pages[name];
    test.skip(!path, `${name} does not exist yet`);
    if (name !== "login") await page.context().addCookies(cookies);
    await page.goto(path);
    await page.waitForTimeout(300); // hydration and the first SWR render
    const serious: string[] = [];
    await inEveryLook(page, async (look) => {
      const counts: Record<string, number> = {};
      for (const f of await audit(page)) {
        const impact = f.impact ?? "unknown";
        counts[impact] = (counts[impact] ?? 0) + f.nodes;
        if (impact === "serious" || impact === "critical")
          serious.push(`${look}: ${impact} ${f.id} ×${f.nodes} ${f.targets.join(" | ")}`);
      }
      console.log(`axe ${look} ${name}: ${JSON.stringify(counts)}`);
    });
    expect(serious, serious.join("\n")).toEqual([]);
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
