// What every end-to-end spec needs: log in as the operator, deliver a correctly signed InboxKit
// webhook to the server under test, mint customer links, and ids that never collide between tests
// (all specs share one database per run).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import { signInboxKit } from "../../lib/simulator/inboxkit-sign";
import { customerLinkPath, signCustomerLink } from "../../lib/customer-link";
import type { InboxKitScheme } from "../../lib/webhooks/inboxkit-verify";
import { E2E_ENV } from "./env";

export { expect, test };
export { E2E_ENV };

/** An id unique to this run and call, e.g. unique("ws") → "ws-m3k2x9-4f1a2b". */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** Signs in through the login form with the test password and waits to leave the login page. */
export async function login(page: Page, next = "/"): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/password/i).fill(E2E_ENV.DASHBOARD_PASSWORD);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export type DeliverOptions = { scheme?: InboxKitScheme; secret?: string; headers?: Record<string, string> };
export type Delivered = { status: number; body: unknown };

/** POSTs one InboxKit delivery, signed exactly as the vendor signs it, and returns the answer. */
export async function deliver(request: APIRequestContext, payload: { event: string } | string, options: DeliverOptions = {}): Promise<Delivered> {
  const signed = signInboxKit(payload, {
    secret: options.secret ?? E2E_ENV.INBOXKIT_WEBHOOK_SECRETS,
    scheme: options.scheme ?? (E2E_ENV.INBOXKIT_SIGNATURE_SCHEME as InboxKitScheme),
  });
  const response = await request.post(signed.path, { headers: { ...signed.headers, ...options.headers }, data: signed.body });
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
export async function deliverAll(request: APIRequestContext, payloads: { event: string }[], options: DeliverOptions = {}): Promise<void> {
  for (const payload of payloads) {
    const result = await deliver(request, payload, options);
    expect(result.status, `${payload.event}: ${JSON.stringify(result.body)}`).toBe(200);
  }
}

/** The customer page path for a workspace, signed with the server's secret. expiresIn: seconds (negative = already expired). */
export function customerLink(workspaceId: string, options: { expiresIn?: number } = {}): string {
  const expiresAt = new Date(Date.now() + (options.expiresIn ?? 14 * 24 * 3600) * 1000);
  return customerLinkPath(workspaceId, signCustomerLink(workspaceId, E2E_ENV.CUSTOMER_LINK_SECRET, { expiresAt }));
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png and attaches it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const path = join("test-results", "screenshots", `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { path, contentType: "image/png" });
  return path;
}
