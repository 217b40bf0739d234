// Fuzzed bodies on both webhook routes, signed (a correct signature over the exact bytes) and
// unsigned (no signature, or a wrong one): random JSON, vendor envelopes with fields replaced by
// random or extreme values, random bytes, deep nesting, long and odd strings, bodies over the cap.
// Every answer must come within 10 s, and none may be a 5xx other than 503 + Retry-After. Each
// failing case is written to chaos-results/ and listed by kind.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { Provider } from "@/lib/db/provider";
import { inkboxRequestId } from "@/lib/simulator/inkbox";
import { inkboxSignature } from "@/lib/webhooks/inkbox/verify";
import { freshDatabase } from "../helpers/db";
import { consentEvent, mailboxEvent, domainEvent, clientIdEvent } from "../helpers/inboxkit";
import { sign } from "../bench/workload";
import { ANSWER_WITHIN_MS, pool, send, summary, unexpected5xx, type Answer } from "./http";
import { chaosServer, freePort, INKBOX_KEY } from "./servers";

type Route = "inboxkit" | "inkbox";
type Case = { kind: string; route: Route; signed: boolean; body: Buffer };
export type FuzzFailure = {
  kind: string;
  route: Route;
  signed: boolean;
  status: number | string;
  ms: number;
  bytes: number;
  file: string;
};
export type FuzzResult = {
  name: string;
  ok: boolean;
  cases: number;
  byStatus: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
  failures: number;
  failuresByKind: Record<string, number>;
  examples: FuzzFailure[];
};

const T = "2026-01-05T09:00:00.000Z";
const nested = (depth: number, open: string, close: string, inner = "1") =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
const extremes = [3_000_000_000, 2_147_483_648, -2_147_483_649, 9_007_199_254_740_993, 1e308, -1, 0.5, 1e-300];
const oddStrings = fc.oneof(
  fc.string({ maxLength: 50, unit: "binary" }),
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff",
    "\u202e",
    "'; DROP TABLE domains; --",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "%00",
    "\r\n",
  ),
  fc.integer({ min: 300, max: 120_000 }).map((n) => "x".repeat(n)),
);
const json = fc.jsonValue({ maxDepth: 5 });

function envelopes(uid: string) {
  return [
    mailboxEvent(uid, "active", T),
    domainEvent(uid, "active", T),
    consentEvent(uid, "pending", T),
    clientIdEvent(uid, "pending", T),
  ];
}

/** Replaces one field at a random path of `value` (objects only) with `replacement`, or deletes it. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (value === null || typeof value !== "object" || path.length === 0) return replacement;
  const keys = Object.keys(value);
  if (!keys.length) return replacement;
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...(value as object) };
  if (replacement === undefined && path.length === 1) delete copy[key];
  else copy[key] = mutate(copy[key], path.slice(1), replacement);
  return copy;
}

function inkboxEnvelope(id: string): Record<string, unknown> {
  return {
    id,
    event_type: "message.sent",
    timestamp: T,
    data: {
      message: {
        id: `msg_${id}`,
        mailbox_id: "mbx_1",
        thread_id: "thr_1",
        message_id: "<a@example.com>",
        from_address: "jane@example.com",
        to_addresses: ["bob@example.org"],
        cc_addresses: [],
        bcc_addresses: [],
        subject: "Hello",
        snippet: "Hi",
        email_address: "jane@example.com",
        direction: "outbound",
        status: "sent",
        has_attachments: false,
        created_at: T,
      },
      contacts: [],
      agent_identities: [],
    },
  };
}

/** The kinds of body, each an arbitrary of the raw bytes. */
function kinds(route: Route): Record<string, fc.Arbitrary<Buffer>> {
  const envelope = (n: number) => (route === "inboxkit" ? envelopes(`fz-${n}`)[n % 4] : inkboxEnvelope(`evt_fz_${n}`));
  const buf = (v: unknown) => Buffer.from(JSON.stringify(v));
  return {
    "random JSON": json.map(buf),
    "envelope, field replaced by random JSON": fc
      .tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), json)
      .map(([n, path, v]) => buf(mutate(envelope(n), path, v))),
    "envelope, field removed": fc
      .tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }))
      .map(([n, path]) => buf(mutate(envelope(n), path, undefined))),
    "envelope, extreme number": fc
      .tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.constantFrom(...extremes))
      .map(([n, path, v]) => buf(mutate(envelope(n), path, v))),
    "envelope, odd string": fc
      .tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), oddStrings)
      .map(([n, path, v]) => buf(mutate(envelope(n), path, v))),
    "random bytes": fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
    "truncated envelope": fc.tuple(fc.nat(), fc.nat()).map(([n, cut]) => {
      const b = buf(envelope(n));
      return b.subarray(0, cut % b.length);
    }),
    "deep nesting": fc
      .tuple(fc.integer({ min: 500, max: 6000 }), fc.boolean(), fc.boolean())
      .map(([depth, arrays, nul]) => {
        const inner = nested(depth, arrays ? "[" : '{"a":', arrays ? "]" : "}", nul ? '"\\u0000"' : "1");
        return Buffer.from(
          route === "inboxkit"
            ? `{"event":"mailbox.status_changed","timestamp":"${T}","data":${inner}}`
            : `{"id":"evt_deep","event_type":"message.sent","timestamp":"${T}","data":${inner}}`,
        );
      }),
    "over the size cap": fc
      .integer({ min: 256 * 1024, max: 2 * 1024 * 1024 + 4096 })
      .map((size) => Buffer.from(`{"pad":"${"p".repeat(size)}"}`)),
  };
}

function headersFor(c: Case, index: number): Record<string, string> {
  if (c.route === "inboxkit") {
    const headers = sign(c.body, "mailbox.status_changed", T);
    if (!c.signed) {
      if (index % 2) delete headers["x-inboxkit-signature"];
      else headers["x-inboxkit-signature"] = `sha256=${"0".repeat(64)}`;
    }
    return headers;
  }
  const requestId = inkboxRequestId();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Inkbox-Request-ID": requestId,
    "X-Inkbox-Timestamp": timestamp,
    "X-Inkbox-Signature": `sha256=${inkboxSignature(INKBOX_KEY, requestId, timestamp, c.body).toString("hex")}`,
  };
  if (!c.signed) {
    if (index % 2) delete headers["X-Inkbox-Signature"];
    else headers["X-Inkbox-Signature"] = `sha256=${"0".repeat(64)}`;
  }
  return headers;
}

/** `count` cases spread evenly over routes × signed/unsigned × kinds, reproducible from `seed`. */
export function fuzzCases(count: number, seed: number): Case[] {
  const cases: Case[] = [];
  const groups: { route: Route; signed: boolean }[] = [
    { route: "inboxkit", signed: true },
    { route: "inboxkit", signed: false },
    { route: "inkbox", signed: true },
    { route: "inkbox", signed: false },
  ];
  for (const [g, group] of groups.entries()) {
    const byKind = Object.entries(kinds(group.route));
    const perKind = Math.ceil(count / groups.length / (byKind.length - 1)); // at least `count` in all
    for (const [k, [kind, arbitrary]] of byKind.entries()) {
      // Bodies over the cap are few (they are big); every other kind gets its share.
      const n = kind === "over the size cap" ? Math.min(perKind, 6) : perKind;
      for (const body of fc.sample(arbitrary, { numRuns: n, seed: seed + g * 1000 + k }))
        cases.push({ kind, ...group, body });
    }
  }
  return cases;
}

export async function fuzz(provider: Provider, count: number, seed: number, resultsDir: string): Promise<FuzzResult> {
  const t = await freshDatabase(provider);
  const port = await freePort();
  const server = await chaosServer(t.url, port);
  const cases = fuzzCases(count, seed);
  const answers: Answer[] = [];
  const failures: FuzzFailure[] = [];
  try {
    await pool(cases, 8, async (c, i) => {
      const body = c.body;
      const answer = await send(`http://127.0.0.1:${port}/api/webhooks/${c.route}`, {
        headers: headersFor(c, i),
        body,
      });
      answers.push(answer);
      if (unexpected5xx(answer) || answer.status === 0 || answer.ms > ANSWER_WITHIN_MS) {
        mkdirSync(resultsDir, { recursive: true });
        const file = join(resultsDir, `fuzz-${provider}-${i}.body`);
        writeFileSync(file, body);
        failures.push({
          kind: c.kind,
          route: c.route,
          signed: c.signed,
          status: answer.status || (answer.error ?? "none"),
          ms: Math.round(answer.ms),
          bytes: body.length,
          file,
        });
      }
    });
  } finally {
    await server.stop();
    await t.drop();
  }
  const byStatus: Record<string, number> = {};
  for (const a of answers)
    byStatus[a.status || a.error || "none"] = (byStatus[String(a.status || a.error || "none")] ?? 0) + 1;
  const failuresByKind: Record<string, number> = {};
  for (const f of failures) {
    const key = `${f.route} ${f.signed ? "signed" : "unsigned"} · ${f.kind} → ${f.status}`;
    failuresByKind[key] = (failuresByKind[key] ?? 0) + 1;
  }
  return {
    name: `fuzz ${cases.length} bodies on ${provider}`,
    ok: failures.length === 0,
    cases: cases.length,
    byStatus,
    latencyMs: summary(answers.map((a) => a.ms)),
    failures: failures.length,
    failuresByKind,
    examples: failures.slice(0, 5),
  };
}
