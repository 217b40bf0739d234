// The benchmark's deliveries, as InboxKit would send them: a mix of the four status-change events
// over many entities, each entity walking its lifecycle; about 1.5 KB per body; 10 % of deliveries
// arrive out of order (swapped with the entity's previous event) and 10 % of requests are
// duplicates (a byte-identical retry of an earlier delivery). Signed with HMAC-SHA256 over the body.
import { inboxKitSignature } from "@/lib/webhooks/inboxkit/verify";
import { dedupeKeyOf } from "@/lib/webhooks/inboxkit/parse";
import { LIFECYCLE, type EntityType } from "@/lib/ordering";
import { clientIdEvent, consentEvent, domainEvent, mailboxEvent } from "../helpers/inboxkit";

export const BENCH_SECRET = "bench_inboxkit_webhook_secret";
export const BENCH_SCHEME = "hmac-sha256" as const;

/** `key` is the dedupe key the receiver will store for this delivery (lib/webhooks/inboxkit/parse.ts). */
export type Delivery = { key: string; body: Buffer; headers: Record<string, string> };
export type Workload = {
  requests: Delivery[];
  distinct: number;
  bodyBytes: { min: number; mean: number; max: number };
};

const BUILDERS: Record<
  EntityType,
  (uid: string, status: string, at: string, extra: Record<string, unknown>) => object
> = {
  domain: domainEvent,
  mailbox: mailboxEvent,
  consent_request: consentEvent,
  client_id_request: clientIdEvent,
};
const TYPES = Object.keys(BUILDERS) as EntityType[];
const EVENTS_PER_ENTITY = 4;

/** A small deterministic generator (mulberry32), so every run sends the same workload. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Vendor detail that real deliveries carry (and that brings a body to about 1.5 KB). */
function changeDetails(status: string, previous: string | null, i: number) {
  return {
    change_details: {
      field: "status",
      from: previous,
      to: status,
      actor: "system",
      reason: `automated transition #${i}`,
      request_id: `req_${i.toString(36).padStart(10, "0")}`,
      region: "us-east-1",
      notes: "Status updated by the provisioning pipeline after the provider acknowledged the change.",
      checks: ["mx", "spf", "dkim", "dmarc"].map((name, k) => ({
        name,
        result: (i + k) % 5 === 0 ? "pending" : "passed",
        checked_at: `2026-01-05T09:${String(k * 7).padStart(2, "0")}:00.000Z`,
        detail: `${name.toUpperCase()} record verified against the authoritative nameserver`,
      })),
    },
  };
}

type Envelope = { event: string; timestamp: string; data: Record<string, unknown> };

/** A delivery of `json` (an InboxKit status-change envelope for `type`), signed as the vendor signs it. */
export function signedDelivery(type: EntityType, json: object): Delivery {
  const envelope = json as Envelope;
  const entity = envelope.data[type] as { uid: string; status: string };
  const body = Buffer.from(JSON.stringify(json));
  const key = dedupeKeyOf([
    "inboxkit",
    envelope.event,
    entity.uid,
    entity.status,
    new Date(envelope.timestamp).toISOString(),
  ]);
  return { key, body, headers: sign(body, envelope.event, envelope.timestamp) };
}

/** The headers InboxKit sends with `body`, signed with the bench secret (the chaos suite signs fuzzed bodies with it too). */
export function sign(body: Buffer, event: string, at: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "InboxKit-Webhook/1.0",
    "x-inboxkit-event": event,
    "x-inboxkit-timestamp": at,
    "x-inboxkit-signature": `sha256=${inboxKitSignature(BENCH_SCHEME, BENCH_SECRET, body).toString("hex")}`,
  };
}

/** `total` requests: 90 % distinct deliveries (10 % of them out of order), 10 % duplicates. */
export function buildWorkload(total: number, seed = 1): Workload {
  const rand = random(seed);
  const distinct = Math.round(total * 0.9);
  const entities = Math.ceil(distinct / EVENTS_PER_ENTITY);
  const base = Date.parse("2026-01-05T09:00:00.000Z");
  // Per entity, its lifecycle in time order; entities interleave as they would in a busy account.
  const perEntity: Delivery[][] = [];
  let n = 0;
  for (let e = 0; e < entities && n < distinct; e++) {
    const type = TYPES[e % TYPES.length];
    const lifecycle = LIFECYCLE[type].filter((s) => s !== "deleted");
    const uid = `${type.slice(0, 3)}-bench${seed}-${e.toString(36)}`;
    const events: Delivery[] = [];
    let previous: string | null = null;
    for (let k = 0; k < EVENTS_PER_ENTITY && n < distinct; k++, n++) {
      const status = lifecycle[Math.min(lifecycle.length - 1, k * 2 + (e % 2))];
      const at = new Date(base + e * 50 + k * 60_000).toISOString();
      const json = BUILDERS[type](uid, status, at, { previous_status: previous });
      Object.assign((json as { data: object }).data, changeDetails(status, previous, n));
      events.push(signedDelivery(type, json));
      previous = status;
    }
    perEntity.push(events);
  }
  // 10 % of deliveries out of order: swap an event with its entity's previous one.
  const swaps = Math.round(distinct * 0.1);
  for (let s = 0; s < swaps; s++) {
    const events = perEntity[Math.floor(rand() * perEntity.length)];
    const k = 1 + Math.floor(rand() * (events.length - 1));
    if (events.length > 1) [events[k - 1], events[k]] = [events[k], events[k - 1]];
  }
  // Round-robin across entities, in windows, so each entity's events are spread over the run.
  const ordered: Delivery[] = [];
  const window = 64;
  for (let w = 0; w < perEntity.length; w += window) {
    const group = perEntity.slice(w, w + window);
    for (let k = 0; k < EVENTS_PER_ENTITY; k++) for (const events of group) if (events[k]) ordered.push(events[k]);
  }
  // 10 % duplicates: a retry of a delivery already sent a little earlier, inserted later.
  const requests = [...ordered];
  for (let d = 0; d < total - distinct; d++) {
    const at = 1 + Math.floor(rand() * (requests.length - 1));
    const original = requests[Math.max(0, at - 1 - Math.floor(rand() * 200))];
    requests.splice(at, 0, original);
  }
  const sizes = requests.map((r) => r.body.length);
  return {
    requests,
    distinct: new Set(requests.map((r) => r.key)).size,
    bodyBytes: {
      min: Math.min(...sizes),
      mean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
      max: Math.max(...sizes),
    },
  };
}
