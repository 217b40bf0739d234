import { describe, expect, it } from "vitest";
import { signInboxKit } from "@/lib/simulator/inboxkit-sign";
import { INBOXKIT_SCENARIOS } from "@/lib/simulator/scenarios";
import { catalog, scenariosIn } from "@/lib/simulator/catalog";
import { toSteps, type ScenarioContext } from "@/lib/simulator/types";
import { verifyInboxKit, type InboxKitScheme } from "@/lib/webhooks/inboxkit/verify";
import { parseInboxKit } from "@/lib/webhooks/inboxkit/parse";

const VECTOR_BODY = '{"event":"mailbox.status_changed","timestamp":"2024-01-10T16:45:30.456Z","data":{}}';

const ctx = (scheme: InboxKitScheme = "api-key-sha256"): ScenarioContext => ({
  workspaceId: "ws-sim",
  now: new Date("2026-11-24T12:00:00.000Z"),
  runId: "ab12cd",
  secret: () => "test_api_key",
  scheme,
  delay: 100,
});

const scenario = (name: string) => INBOXKIT_SCENARIOS.find((s) => s.name === name)!;
const payloads = (name: string, scheme?: InboxKitScheme) =>
  toSteps(scenario(name).deliveries(ctx(scheme))).map((s) => JSON.parse(s.delivery.body));

describe("InboxKit signing", () => {
  it("matches the vendor's test vectors under both schemes", () => {
    expect(
      signInboxKit(VECTOR_BODY, { secret: "test_api_key", scheme: "api-key-sha256" }).headers["X-InboxKit-Signature"],
    ).toBe("sha256=5dec7e1c36e8ec7f526cfa8ff6dc788daad76f6dd34467662eb47990dca6b55d");
    expect(
      signInboxKit(VECTOR_BODY, { secret: "test_api_key", scheme: "hmac-sha256" }).headers["X-InboxKit-Signature"],
    ).toBe("sha256=a20ffb9f6f115de810ed7d686e4d51e2ce0149edafc5e169244f203d9cdd835b");
  });

  it("sends the vendor's headers", () => {
    const d = signInboxKit(
      { event: "domain.status_changed" },
      { secret: "k", scheme: "api-key-sha256", sentAt: new Date("2024-01-10T15:30:45.123Z") },
    );
    expect(d).toMatchObject({
      vendor: "inboxkit",
      path: "/api/webhooks/inboxkit",
      body: '{"event":"domain.status_changed"}',
    });
    expect(d.headers).toMatchObject({
      "Content-Type": "application/json",
      "User-Agent": "InboxKit-Webhook/1.0",
      "X-InboxKit-Event": "domain.status_changed",
      "X-InboxKit-Timestamp": "2024-01-10T15:30:45.123Z",
    });
  });
});

describe.each(INBOXKIT_SCENARIOS.map((s) => s.name))("scenario %s", (name) => {
  it.each(["api-key-sha256", "hmac-sha256"] as const)(
    "signs every delivery so the server's verifier accepts it (%s)",
    (scheme) => {
      for (const { delivery } of toSteps(scenario(name).deliveries(ctx(scheme)))) {
        expect(
          verifyInboxKit(
            delivery.headers["X-InboxKit-Signature"],
            Buffer.from(delivery.body),
            ["test_api_key"],
            scheme,
          ),
        ).toMatchObject({ ok: true });
      }
    },
  );

  it("sends payloads the server parses, in the current envelope, for the scenario's workspace", () => {
    for (const { delivery } of toSteps(scenario(name).deliveries(ctx()))) {
      const json = JSON.parse(delivery.body);
      expect(json.data.metadata).toMatchObject({ workspace_id: "ws-sim", updated_at: expect.any(String) });
      const parsed = parseInboxKit(json, {
        timestampHeader: delivery.headers["X-InboxKit-Timestamp"],
        receivedAt: new Date(),
        fingerprintKey: "fp-key-0123456789abcdef",
        rawBody: Buffer.from(delivery.body),
      });
      expect(parsed.ok, delivery.label).toBe(true);
      expect(parsed.ok && parsed.delivery.entity).not.toBeNull();
    }
  });

  it("never puts vendor times in the future", () => {
    for (const p of payloads(name))
      expect(new Date(p.data.metadata.updated_at).getTime()).toBeLessThanOrEqual(ctx().now.getTime());
  });
});

describe("scenario contents", () => {
  it("google-onboarding walks the documented lifecycles, with credentials in mailbox payloads as the vendor sends them", () => {
    const all = payloads("google-onboarding");
    const statuses = (key: string) => all.filter((p) => p.data[key]).map((p) => p.data[key].status);
    expect(statuses("domain")).toEqual([
      "registration_in_progress",
      "dns_setup_pending",
      "waiting_for_dns_propagation",
      "active",
    ]);
    expect(statuses("consent_request")).toEqual(["queued", "pending", "processing", "completed"]);
    expect(statuses("client_id_request")).toEqual(["queued", "pending", "processing", "completed"]);
    expect(statuses("mailbox").at(-1)).toBe("active");
    const mailbox = all.find((p) => p.data.mailbox).data.mailbox;
    expect(mailbox).toMatchObject({
      password: expect.any(String),
      app_password: expect.any(String),
      secret: expect.any(String),
      platform: "GOOGLE",
    });
    expect(Object.keys(mailbox)).toEqual(
      expect.arrayContaining([
        "uid",
        "email",
        "username",
        "first_name",
        "last_name",
        "profile_picture",
        "status",
        "previous_status",
        "renewal_date",
        "renewal_status",
        "is_admin",
        "is_add_on",
      ]),
    );
    const pending = all.find((p) => p.data.consent_request?.status === "pending").data.consent_request;
    expect(pending.consent_url).toMatch(/^https:\/\/accounts\.google\.com\//);
    expect(all.find((p) => p.data.client_id_request?.status === "pending").data.client_id_request.client_id).toMatch(
      /^\d+-[0-9a-f]+\.apps\.googleusercontent\.com$/,
    );
  });

  it("chains previous_status per entity", () => {
    const domain = payloads("google-onboarding")
      .filter((p) => p.data.domain)
      .map((p) => [p.data.domain.previous_status, p.data.domain.status]);
    expect(domain).toEqual([
      ["pending_payment", "registration_in_progress"],
      ["registration_in_progress", "dns_setup_pending"],
      ["dns_setup_pending", "waiting_for_dns_propagation"],
      ["waiting_for_dns_propagation", "active"],
    ]);
  });

  it("duplicates repeats identical bodies; out-of-order sends newer vendor times first", () => {
    const bodies = toSteps(scenario("duplicates").deliveries(ctx())).map((s) => s.delivery.body);
    expect(new Set(bodies).size).toBeLessThan(bodies.length);
    const consent = payloads("out-of-order")
      .filter((p) => p.data.consent_request)
      .map((p) => p.data.consent_request.status);
    expect(consent).toEqual(["completed", "pending"]);
  });

  it("consent-failed ends with status_text and a reason", () => {
    expect(payloads("consent-failed").at(-1).data.consent_request).toMatchObject({
      status: "failed",
      status_reason: "user_denied",
      status_text: expect.stringMatching(/declined/),
    });
  });

  it("uses new entity ids per run", () => {
    const a = toSteps(scenario("dns-failed").deliveries(ctx()))[0].delivery.body;
    const b = toSteps(scenario("dns-failed").deliveries({ ...ctx(), runId: "ff00ee" }))[0].delivery.body;
    expect(JSON.parse(a).data.domain.uid).not.toBe(JSON.parse(b).data.domain.uid);
  });

  it("lists InboxKit's and Inkbox's scenarios once each, InboxKit's first", () => {
    const names = catalog().map((s) => s.name);
    expect(names.slice(0, INBOXKIT_SCENARIOS.length)).toEqual(INBOXKIT_SCENARIOS.map((s) => s.name));
    expect(names.length).toBeGreaterThan(INBOXKIT_SCENARIOS.length);
    expect(new Set(names).size).toBe(names.length);
    const shadow = { ...INBOXKIT_SCENARIOS[0], description: "shadow" };
    expect(catalog([shadow]).find((s) => s.name === shadow.name)?.description).toBe(INBOXKIT_SCENARIOS[0].description);
  });

  it("finds scenarios among a module's exports", () => {
    const extra = { name: "x-extra", description: "d", deliveries: () => [] };
    expect(scenariosIn({ a: extra, b: [extra, 1], c: 3, d: { name: "not one" } })).toEqual([extra, extra]);
  });
});
