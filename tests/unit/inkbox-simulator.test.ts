// The Inkbox scenarios: every delivery is signed so the server's verifier accepts it at the time it
// is due to be sent, parses, and tells the story its name promises.
import { describe, expect, it } from "vitest";
import { INKBOX_SCENARIOS, signInkbox } from "@/lib/simulator/inkbox";
import { catalog, scenariosIn } from "@/lib/simulator/catalog";
import * as inkboxModule from "@/lib/simulator/inkbox";
import { toSteps, type ScenarioContext, type SimStep } from "@/lib/simulator/types";
import { verifyInkbox } from "@/lib/webhooks/inkbox/verify";
import { parseInkbox, type InkboxDelivery } from "@/lib/webhooks/inkbox/parse";
import { emptyCounts, mailHealth, type MailCounts } from "@/lib/queries/mail-activity";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const ctx: ScenarioContext = {
  workspaceId: "ws-sim",
  now: NOW,
  runId: "ab12cd",
  delay: 400,
  scheme: "api-key-sha256",
  secret: (vendor) => (vendor === "inkbox" ? "whsec_sim_inkbox_key" : "test_api_key"),
};

const steps = (name: string) => toSteps(INKBOX_SCENARIOS.find((s) => s.name === name)!.deliveries(ctx));
const inkboxSteps = (name: string) => steps(name).filter((s) => s.delivery.vendor === "inkbox");

/** When each step leaves if the player honours every pause. */
function sendTimes(all: SimStep[]): number[] {
  let t = NOW.getTime();
  return all.map((s, i) => (t += i === 0 ? 0 : (s.delay ?? ctx.delay)));
}

function parsed(step: SimStep): InkboxDelivery {
  const result = parseInkbox(JSON.parse(step.delivery.body), {
    timestampHeader: step.delivery.headers["X-Inkbox-Timestamp"],
    receivedAt: NOW,
    rawBody: Buffer.from(step.delivery.body),
  });
  if (!result.ok) throw new Error(result.detail);
  return result.delivery;
}

/** The mail health the server would compute after the scenario (each distinct event once). */
function healthAfter(name: string) {
  const seen = new Set<string>();
  const day = emptyCounts();
  const week = emptyCounts();
  for (const d of inkboxSteps(name).map(parsed)) {
    if (seen.has(d.dedupeKey)) continue;
    seen.add(d.dedupeKey);
    const kind = d.eventType.replace("message.", "") as keyof MailCounts;
    const age = NOW.getTime() - d.occurredAt.getTime();
    if (age <= 24 * 3_600_000) day[kind] += 1;
    if (age <= 7 * 24 * 3_600_000) week[kind] += 1;
  }
  return mailHealth(day, week, NOW).state;
}

describe("Inkbox signer", () => {
  it("posts to the Inkbox route with the vendor's headers", () => {
    const d = signInkbox(
      { event_type: "message.sent" },
      { secret: "k", requestId: "req_1", sentAt: new Date(1_700_000_000_500) },
    );
    expect(d).toMatchObject({ vendor: "inkbox", path: "/api/webhooks/inkbox", label: "message.sent" });
    expect(d.headers).toMatchObject({
      "Content-Type": "application/json",
      "X-Inkbox-Request-ID": "req_1",
      "X-Inkbox-Timestamp": "1700000000",
      "X-Inkbox-Signature": expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
    });
  });

  it("gives every delivery a new request id", () => {
    expect(signInkbox("{}", { secret: "k" }).headers["X-Inkbox-Request-ID"]).not.toBe(
      signInkbox("{}", { secret: "k" }).headers["X-Inkbox-Request-ID"],
    );
  });
});

describe("Inkbox scenarios in the catalog", () => {
  it("are found by the simulator's catalog once each", () => {
    const names = catalog(scenariosIn(inkboxModule as Record<string, unknown>)).map((s) => s.name);
    for (const s of INKBOX_SCENARIOS) expect(names.filter((n) => n === s.name)).toHaveLength(1);
  });
});

describe.each(INKBOX_SCENARIOS.map((s) => s.name))("scenario %s", (name) => {
  it("starts by making its mailbox active through InboxKit, then sends that mailbox's mail", () => {
    const all = steps(name);
    const firstInkbox = all.findIndex((s) => s.delivery.vendor === "inkbox");
    expect(firstInkbox).toBeGreaterThan(0);
    expect(all.slice(firstInkbox).every((s) => s.delivery.vendor === "inkbox")).toBe(true);
    const mailbox = all
      .slice(0, firstInkbox)
      .map((s) => JSON.parse(s.delivery.body))
      .find((p) => p.event === "mailbox.status_changed");
    expect(mailbox.data.mailbox.status).toBe("active");
    for (const d of inkboxSteps(name).map(parsed)) expect(d.mailboxEmail).toBe(mailbox.data.mailbox.email);
  });

  it("signs every Inkbox delivery so the server accepts it when it is due, with a whsec_ key", () => {
    const all = steps(name);
    const times = sendTimes(all);
    all.forEach((s, i) => {
      if (s.delivery.vendor !== "inkbox") return;
      const h = s.delivery.headers;
      const verdict = verifyInkbox(
        { signature: h["X-Inkbox-Signature"], requestId: h["X-Inkbox-Request-ID"], timestamp: h["X-Inkbox-Timestamp"] },
        Buffer.from(s.delivery.body),
        ["whsec_sim_inkbox_key"],
        new Date(times[i]),
      );
      expect(verdict, s.delivery.label).toMatchObject({ ok: true });
    });
  });

  it("sends known events with bodies or snippets, as the vendor does, and vendor times not in the future", () => {
    for (const step of inkboxSteps(name)) {
      const json = JSON.parse(step.delivery.body);
      expect(json.data.message.snippet).toBeTruthy();
      expect(new Date(json.timestamp).getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(parsed(step).known).toBe(true);
    }
  });
});

describe("scenario stories", () => {
  it.each([
    ["inkbox-mail-flowing", "flowing"],
    ["inkbox-bounces", "bounces_rising"],
    ["inkbox-failing", "failing"],
  ])("%s ends %s", (name, state) => {
    expect(healthAfter(name)).toBe(state);
  });

  it("inkbox-mail-flowing covers received, sent, delivered and forwarded", () => {
    expect(new Set(inkboxSteps("inkbox-mail-flowing").map((s) => parsed(s).eventType))).toEqual(
      new Set(["message.sent", "message.delivered", "message.received", "message.forwarded"]),
    );
  });

  it("inkbox-duplicates re-signs replays (new request id and timestamp, same envelope) and includes an older payload without an id", () => {
    const all = inkboxSteps("inkbox-duplicates");
    const byKey = new Map<string, SimStep[]>();
    for (const s of all) byKey.set(parsed(s).dedupeKey, [...(byKey.get(parsed(s).dedupeKey) ?? []), s]);
    expect(byKey.size).toBeLessThan(all.length);
    const repeated = [...byKey.values()].filter((group) => group.length > 1);
    expect(repeated.length).toBeGreaterThanOrEqual(3);
    for (const group of repeated) {
      expect(new Set(group.map((s) => s.delivery.body)).size).toBe(1);
      expect(new Set(group.map((s) => s.delivery.headers["X-Inkbox-Request-ID"])).size).toBe(group.length);
      expect(new Set(group.map((s) => s.delivery.headers["X-Inkbox-Timestamp"])).size).toBe(group.length);
    }
    expect(all.some((s) => parsed(s).dedupeSource === "message")).toBe(true);
  });
});
