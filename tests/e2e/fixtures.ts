// What every end-to-end spec needs: log in as the operator, deliver a correctly signed InboxKit
// webhook to the server under test, mint customer links, and ids that never collide between tests
// (all specs share one database per run).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { expect, test as base, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { signInboxKit } from "../../lib/simulator/inboxkit-sign";
import type { SimDomain, SimMailbox, Team } from "../../lib/simulator/inboxkit-payloads";
import { customerLinkPath, signCustomerLink } from "../../lib/customer-link";
import type { InboxKitScheme } from "../../lib/webhooks/inboxkit/verify";
import { catalog } from "../../lib/simulator/catalog";
import { toSteps, type SimDelivery, type Vendor } from "../../lib/simulator/types";
import { E2E_ENV, E2E_OPERATOR, E2E_SESSIONS_OPERATOR } from "./env";

export { expect };

/**
 * Every spec's page fails its test if the browser reports a Content-Security-Policy violation
 * (proxy.ts sets a nonce policy on every page): the pages must work under it, not merely load.
 */
export const test = base.extend({
  page: async ({ page }, provide) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) =>
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await provide(page);
    expect(violations, "CSP violations in the browser console").toEqual([]);
  },
});
export { E2E_ENV, E2E_OPERATOR, E2E_SESSIONS_OPERATOR };

/** An id unique to this run and call, e.g. unique("ws") → "ws-m3k2x9-4f1a2b". */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** A workspace of its own for one test: team, a domain and its admin mailbox (Jane Doe, Google), all with unique ids. */
export function e2eWorkspace(domainPrefix = "acme") {
  const workspaceId = unique("ws");
  const id = workspaceId.slice(3).toUpperCase();
  const team: Team = { teamId: "TEAM-E2E-0001", teamName: "E2E Team", workspaceId };
  const domain: SimDomain = { uid: `DOM-${id}`, name: `${domainPrefix}-${id.toLowerCase()}.com` };
  const mailbox: SimMailbox = {
    uid: `MBX-${id}`,
    username: "jane.doe",
    firstName: "Jane",
    lastName: "Doe",
    domain,
    platform: "GOOGLE",
    isAdmin: true,
  };
  return { workspaceId, id, team, domain, mailbox, email: `${mailbox.username}@${domain.name}` };
}

/** Signs in through the login form as the test operator (or `operator`) and waits to leave the login page. */
export async function login(
  page: Page,
  next = "/",
  operator: { email: string; password: string } = E2E_OPERATOR,
): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/email/i).fill(operator.email);
  await page.getByLabel(/password/i).fill(operator.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  // An argon2id check and a session write: allow for a loaded machine.
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

export type DeliverOptions = { scheme?: InboxKitScheme; secret?: string; headers?: Record<string, string> };
export type Delivered = { status: number; body: unknown };

/** POSTs one InboxKit delivery, signed exactly as the vendor signs it, and returns the answer. */
export async function deliver(
  request: APIRequestContext,
  payload: { event: string } | string,
  options: DeliverOptions = {},
): Promise<Delivered> {
  const signed = signInboxKit(payload, {
    secret: options.secret ?? E2E_ENV.INBOXKIT_WEBHOOK_SECRETS,
    scheme: options.scheme ?? (E2E_ENV.INBOXKIT_SIGNATURE_SCHEME as InboxKitScheme),
  });
  const response = await request.post(signed.path, {
    headers: { ...signed.headers, ...options.headers },
    data: signed.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: response.status(), body };
}

/** Delivers every payload in order and asserts each was accepted (2xx). */
export async function deliverAll(
  request: APIRequestContext,
  payloads: { event: string }[],
  options: DeliverOptions = {},
): Promise<void> {
  for (const payload of payloads) {
    const result = await deliver(request, payload, options);
    expect(result.status, `${payload.event}: ${JSON.stringify(result.body)}`).toBe(200);
  }
}

const E2E_SECRETS: Record<Vendor, string> = {
  inboxkit: E2E_ENV.INBOXKIT_WEBHOOK_SECRETS.split(",")[0],
  inkbox: E2E_ENV.INKBOX_SIGNING_KEYS.split(",")[0],
};

/** Sends one simulator delivery (already signed) and asserts it was accepted. */
export async function send(request: APIRequestContext, delivery: SimDelivery): Promise<void> {
  const response = await request.post(delivery.path, { headers: delivery.headers, data: delivery.body });
  expect(response.status(), `${delivery.label}: ${await response.text()}`).toBe(200);
}

/**
 * A simulator scenario (`npm run simulate -- list`) played step by step against the server under
 * test, signed with its secrets, in a workspace of its own: `until(/label/)` sends every delivery up
 * to and including the next one whose label matches; `rest()` sends what is left.
 */
export function playScenario(request: APIRequestContext, name: string, options: { workspaceId?: string } = {}) {
  const scenario = catalog().find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  const workspaceId = options.workspaceId ?? unique("ws");
  const steps = toSteps(
    scenario.deliveries({
      workspaceId,
      now: new Date(),
      runId: randomBytes(3).toString("hex"),
      secret: (vendor) => E2E_SECRETS[vendor],
      scheme: E2E_ENV.INBOXKIT_SIGNATURE_SCHEME,
      delay: 0,
    }),
  );
  let next = 0;
  return {
    workspaceId,
    /** Every delivery of the scenario, sent or not (for asserting what must never show). */
    deliveries: steps.map((s) => s.delivery),
    async until(label: RegExp): Promise<void> {
      const end = steps.findIndex((s, i) => i >= next && label.test(s.delivery.label));
      if (end < 0) throw new Error(`${name}: no delivery left matching ${label}`);
      for (; next <= end; next++) await send(request, steps[next].delivery);
    },
    async rest(): Promise<void> {
      for (; next < steps.length; next++) await send(request, steps[next].delivery);
    },
  };
}

/** The customer page path for a workspace, signed with the server's secret. expiresIn: seconds (negative = already expired). */
export async function customerLink(workspaceId: string, options: { expiresIn?: number } = {}): Promise<string> {
  const expiresAt = new Date(Date.now() + (options.expiresIn ?? 14 * 24 * 3600) * 1000);
  const token = await signCustomerLink(workspaceId, E2E_ENV.CUSTOMER_LINK_SECRET, { expiresAt });
  return customerLinkPath(workspaceId, token);
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png and attaches it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const path = join("test-results", "screenshots", `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path, contentType: "image/png" });
  return path;
}

/** Runs `look` at 1440×900 and 390×844, each in light and dark, naming the look `<size>-<scheme>`. */
export async function inEveryLook(page: Page, look: (name: string) => Promise<void>): Promise<void> {
  for (const [size, viewport] of [
    ["desktop", { width: 1440, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await look(`${size}-${scheme}`);
    }
  }
}

/**
 * Screenshots (the viewport, or the full page) in every look, saved as
 * test-results/screenshots/<name>-<look>.png and attached; the viewport and scheme are reset after.
 */
export async function screenshotsInEveryLook(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  await inEveryLook(page, async (look) => {
    const path = join("test-results", "screenshots", `${name}-${look}.png`);
    await page.screenshot({ path, fullPage, animations: "disabled" });
    await testInfo.attach(`${name}-${look}`, { path, contentType: "image/png" });
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: "light" });
}
