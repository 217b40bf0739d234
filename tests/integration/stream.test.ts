// GET /api/stream against a real database: a customer link's stream receives the notice of an
// ingest in its workspace (and nothing of other workspaces), within the 1 s budget; refusals use
// the error shape; aborting the request unsubscribes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/stream/route";
import { POST } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { signCustomerLink } from "@/lib/customer-link";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { configureInboxKit, consentEvent, signedRequest } from "../helpers/inboxkit";
import { liveListeners, readUntil } from "../helpers/sse";

const LINK_SECRET = "stream-test-customer-link-secret";

const API_TOKEN = "stream-test-api-token-0123456789abcdef";

function open(query: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const request = new Request(`http://localhost/api/stream?${query}`, { signal: abort.signal, headers });
  // undici passes an abort on to a Request's own signal only while the Request is alive (it holds it
  // weakly): keep it reachable from the controller, or a garbage collection makes the abort unseen.
  abort.signal.addEventListener("abort", () => void request);
  return { abort, response: GET(request) };
}

describe("GET /api/stream", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    configureInboxKit();
    process.env.CUSTOMER_LINK_SECRET = LINK_SECRET;
    process.env.DASHBOARD_API_TOKEN = API_TOKEN;
    resetConfig();
    t = await freshDatabase("sqlite");
  });
  afterAll(async () => t.drop());

  it("streams a customer's workspace notices with SSE headers, ids only, within 1 s of the ingest", async () => {
    const before = liveListeners();
    const { abort, response } = open(`workspace=ws-1&token=${await signCustomerLink("ws-1", LINK_SECRET)}`);
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const reader = res.body!.getReader();
    await readUntil(reader, (text) => text.includes("event: ready"), 2000);
    expect(liveListeners()).toBe(before + 1);

    // helpers' deliveries belong to workspace ws-1; one for another workspace must not pass.
    const other = consentEvent("CNS-OTHER", "pending", "2024-01-10T17:00:00.000Z");
    other.data.metadata.workspace_id = "ws-2";
    expect((await POST(signedRequest(other))).status).toBe(200);
    const started = Date.now();
    expect((await POST(signedRequest(consentEvent("CNS-STREAM", "pending", "2024-01-10T17:00:00.000Z")))).status).toBe(
      200,
    );
    const text = await readUntil(reader, (s) => s.includes("event: change"), 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(text).toMatch(
      /id: (\d+)\nevent: change\ndata: \{"count":1,"at":\d+,"last":\{"id":\1,"kind":"event","entityType":"consent_request"\}\}\n\n/,
    );
    expect(text).not.toContain("CNS-");
    expect(text.match(/event: change/g)).toHaveLength(1);

    abort.abort();
    expect(liveListeners()).toBe(before);
    expect((await reader.read()).done).toBe(true);
  });

  it("gives an operator (API token) every notice, with entity ids", async () => {
    const { abort, response } = open("", { authorization: `Bearer ${API_TOKEN}` });
    const res = await response;
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await readUntil(reader, (text) => text.includes("event: ready"), 2000);
    const other = consentEvent("CNS-OPERATOR", "pending", "2024-01-10T17:00:00.000Z");
    other.data.metadata.workspace_id = "ws-9";
    expect((await POST(signedRequest(other))).status).toBe(200);
    const text = await readUntil(reader, (s) => s.includes("event: change"), 1000);
    expect(text).toContain('"entityUid":"CNS-OPERATOR"');
    expect(text).toContain('"workspaceId":"ws-9"');
    abort.abort();
  });

  it("refuses a bad customer link and a request with neither session nor link", async () => {
    const forged = await await open(
      `workspace=ws-1&token=${await signCustomerLink("ws-1", "some-other-secret-1234567")}`,
    ).response;
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: "invalid_link" } });
    const expired = await await open(
      `workspace=ws-1&token=${await signCustomerLink("ws-1", LINK_SECRET, { expiresAt: new Date(Date.now() - 1000) })}`,
    ).response;
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ error: { code: "link_expired" } });
    const halfLink = await await open("workspace=ws-1").response;
    expect(halfLink.status).toBe(400);
    const anonymous = await await open("").response;
    expect(anonymous.status).toBe(401);
    expect(await (await open("", { authorization: "Bearer wrong-token-0123456789abcdef" }).response).status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});
