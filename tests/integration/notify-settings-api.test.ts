// The notification write APIs: PUT /api/notifications/settings (global and per workspace, audited)
// and POST /api/notifications/test (a real send to each real receiver, recorded; a failure reported
// without the secret), with the operator checks every write has.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as settingsGET, PUT as settingsPUT } from "@/app/api/notifications/settings/route";
import { POST as testPOST } from "@/app/api/notifications/test/route";
import { resetConfig } from "@/lib/config";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";
import { SMTP_PASSWORD, startRig, type Rig } from "../helpers/notify";

const TOKEN = "notify-settings-token-0123456789abcdef";
const write = (method: "PUT" | "POST", path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe.each(await providers())("notification settings and tests on %s", (provider) => {
  let t: TestDatabase;
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    Object.assign(process.env, rig.env, { DASHBOARD_API_TOKEN: TOKEN });
    resetConfig();
    t = await freshDatabase(provider);
  });
  afterAll(async () => {
    for (const name of Object.keys(rig.env)) delete process.env[name];
    resetConfig();
    await t.drop();
    await rig.close();
  });

  it("shows every channel configured, with secrets masked", async () => {
    const response = await settingsGET(
      new Request("http://localhost/api/notifications/settings", { headers: { authorization: `Bearer ${TOKEN}` } }),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text) as { channels: { channel: string; configured: boolean; target: string }[] };
    expect(body.channels.map((c) => [c.channel, c.configured])).toEqual([
      ["slack", true],
      ["webhook", true],
      ["email", true],
    ]);
    expect(body.channels[2].target).toContain("alerts:***@127.0.0.1");
    for (const secret of [SMTP_PASSWORD, rig.secret, "slacktokensecretvalue"]) expect(text).not.toContain(secret);
  });

  it("switches channels globally and per workspace, and records who did it", async () => {
    const global = await settingsPUT(
      write("PUT", "/api/notifications/settings", {
        scope: "global",
        channels: { slack: false },
        emailTo: ["Oncall@Example.com"],
      }),
    );
    expect(global.status).toBe(200);
    expect(
      ((await global.json()) as { global: { channels: Record<string, boolean>; emailTo: string[] } }).global,
    ).toMatchObject({
      channels: { slack: false, webhook: true, email: true },
      emailTo: ["oncall@example.com"],
    });
    const ws = await settingsPUT(
      write("PUT", "/api/notifications/settings", { scope: "ws-9", channels: { email: false } }),
    );
    expect(((await ws.json()) as { workspace: { channels: Record<string, boolean> } }).workspace.channels).toEqual({
      slack: true,
      webhook: true,
      email: false,
    });
    const audit = await t.db.prisma.auditLog.findMany({
      where: { action: "notifications.settings" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.actor, a.summary])).toEqual([
      ["api token", "Notification channels: slack off, recipients oncall@example.com"],
      ["api token", "Notification channels of workspace ws-9: email off"],
    ]);
  });

  it("refuses bad bodies and a cross-site browser session", async () => {
    expect(
      (await settingsPUT(write("PUT", "/api/notifications/settings", { scope: "global", channels: { pager: true } })))
        .status,
    ).toBe(400);
    expect(
      (await settingsPUT(write("PUT", "/api/notifications/settings", { scope: "global", emailTo: ["not an address"] })))
        .status,
    ).toBe(400);
    expect((await testPOST(write("POST", "/api/notifications/test", { channel: "fax" }))).status).toBe(400);
    const anonymous = new Request("http://localhost/api/notifications/test", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect((await testPOST(anonymous)).status).toBe(401);
  });

  it("sends a test through each channel to the real receivers and records it", async () => {
    for (const channel of ["slack", "webhook", "email"] as const) {
      const response = await testPOST(write("POST", "/api/notifications/test", { channel }));
      expect(await response.json()).toMatchObject({ delivered: true, channel, error: null });
    }
    expect(rig.slack.received.at(-1)!.json).toMatchObject({
      text: "Test: Test notification from the onboarding dashboard",
    });
    expect(rig.webhook.received.at(-1)!.verified).toBe(true);
    expect(rig.smtp.mails.at(-1)!.subject).toBe("Test: Test notification from the onboarding dashboard");
    expect((rig.smtp.mails.at(-1)!.to as { text: string }).text).toBe("ops@example.com");
    expect(await t.db.prisma.notification.count({ where: { kind: "test", status: "sent" } })).toBe(3);
    expect(await t.db.prisma.auditLog.count({ where: { action: "notifications.test" } })).toBe(3);
  });

  it("reports a failed test without any secret", async () => {
    rig.webhook.failNext(1);
    const response = await testPOST(write("POST", "/api/notifications/test", { channel: "webhook" }));
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ delivered: false, error: "the receiver answered HTTP 503" });
    expect(text).not.toContain(rig.secret);
  });
});
