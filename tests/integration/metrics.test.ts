// GET /api/metrics through its route handler with real Requests and real deliveries: who may scrape
// (METRICS_TOKEN, an operator's API token or session, nobody else), what is counted (deliveries by vendor, event type and
// outcome; refusals by reason; the ingest latency histogram; open streams; the outbox), and that an
// unknown event type cannot add labels.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhookPOST } from "@/app/api/webhooks/inboxkit/route";
import { GET as metricsGET } from "@/app/api/metrics/route";
import { GET as streamGET } from "@/app/api/stream/route";
import { resetConfig, checkConfig, ConfigError } from "@/lib/config";
import { providers } from "../helpers/db";
import { domainEvent, envelope, signedRequest, useInboxKitDatabase } from "../helpers/inboxkit";

const METRICS_TOKEN = "metrics-scraper-token-0123456789";
const API_TOKEN = "metrics-test-api-token-0123456789abcdef";

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }, query = "") =>
  metricsGET(new Request(`http://localhost/api/metrics${query}`, { headers }));

/** The value of one sample line, e.g. `name{a="b"} 3` → 3 (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inner = /\{([^}]*)\}/.exec(line)?.[1] ?? "";
    const have = inner ? inner.split(",") : [];
    if (want.every((w) => have.includes(w))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

describe.each(await providers())("GET /api/metrics on %s", (provider) => {
  useInboxKitDatabase(provider);
  let before = "";
  beforeAll(async () => {
    Object.assign(process.env, { METRICS_TOKEN, DASHBOARD_API_TOKEN: API_TOKEN });
    resetConfig();
    before = await (await scrape()).text();
  });
  afterAll(() => {
    delete process.env.METRICS_TOKEN;
  });

  it("answers Prometheus text to the scraper token and to operators, 401 to anyone else", async () => {
    const byToken = await scrape();
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await byToken.text()).toContain("# TYPE dashboard_webhook_deliveries_total counter");
    expect((await scrape({ authorization: `Bearer ${API_TOKEN}` })).status).toBe(200);
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
  });

  it("refuses an unknown parameter with 400 naming it, whoever asks", async () => {
    for (const headers of [{ authorization: `Bearer ${METRICS_TOKEN}` }, { authorization: `Bearer ${API_TOKEN}` }]) {
      const response = await scrape(headers, "?format=json");
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("format");
    }
  });

  it("counts deliveries by vendor, event type and outcome, refusals by reason, and their latency", async () => {
    const created = domainEvent(`metrics-${provider}`, "registration_in_progress", "2026-11-30T10:00:00Z");
    expect((await webhookPOST(signedRequest(created))).status).toBe(200);
    expect((await webhookPOST(signedRequest(created))).status).toBe(200); // the retry: a duplicate
    const older = domainEvent(`metrics-${provider}`, "dns_setup_pending", "2026-11-29T10:00:00Z");
    expect((await webhookPOST(signedRequest(older))).status).toBe(200); // arrived late: stale
    const unknown = (i: number) =>
      envelope(`made.up.event.${i}`, "domain", { uid: `u-${i}`, status: "x" }, "2026-11-30T10:00:00Z");
    for (const i of [1, 2, 3]) expect((await webhookPOST(signedRequest(unknown(i)))).status).toBe(200);
    expect((await webhookPOST(signedRequest(created, { secret: "not-the-secret" }))).status).toBe(401);

    const text = await (await scrape()).text();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(text, name, labels) - sample(before, name, labels);
    const domain = { vendor: "inboxkit", event_type: String(created.event) };
    expect(delta("dashboard_webhook_deliveries_total", { ...domain, outcome: "applied" })).toBe(1);
    expect(delta("dashboard_webhook_deliveries_total", { ...domain, outcome: "duplicate" })).toBe(1);
    expect(delta("dashboard_webhook_deliveries_total", { vendor: "inboxkit", outcome: "stale" })).toBe(1);
    expect(
      delta("dashboard_webhook_deliveries_total", { vendor: "inboxkit", event_type: "other", outcome: "ignored" }),
    ).toBe(3);
    expect(text).not.toContain("made.up.event");
    expect(delta("dashboard_webhook_refusals_total", { vendor: "inboxkit", reason: "bad_signature" })).toBe(1);
    expect(delta("dashboard_webhook_ingest_seconds_count", { vendor: "inboxkit" })).toBe(6);
    expect(text).not.toContain("not-the-secret");
  });

  it("reports open live streams and the notification outbox", async () => {
    const operator = { authorization: `Bearer ${API_TOKEN}` };
    const abort = new AbortController();
    const stream = await streamGET(
      new Request("http://localhost/api/stream", { headers: operator, signal: abort.signal }),
    );
    expect(stream.status).toBe(200);
    const open = sample(await (await scrape()).text(), "dashboard_sse_streams_open");
    expect(open).toBeGreaterThanOrEqual(1);
    abort.abort();
    await stream.body?.cancel().catch(() => undefined);
    const after = await (await scrape()).text();
    expect(sample(after, "dashboard_sse_streams_open")).toBe(open - 1);
    expect(after).toMatch(/^dashboard_notifications\{status="pending"\} \d+$/m);
    expect(after).toMatch(/^dashboard_notifications\{status="failed"\} \d+$/m);
  });
});

describe("METRICS_TOKEN", () => {
  it("stops npm start's check when shorter than 16 characters, naming the variable", () => {
    expect(() => checkConfig({ ...process.env, METRICS_TOKEN: "short" })).toThrow(ConfigError);
    expect(() => checkConfig({ ...process.env, METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN must be at least 16/);
  });
});
