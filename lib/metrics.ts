// Metrics for operators' own monitoring, in Prometheus text format (GET /api/metrics), with
// prom-client. Counters and the latency histogram live in this process (one registry per server
// process, kept on globalThis: the server script and Next's bundle may load this module twice);
// the outbox backlog is read from the database at scrape time, so every instance reports the same.
// Labels are bounded: vendor, a known event type (anything else is "other"), outcome, reason.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type Metrics = {
  registry: Registry;
  deliveries: Counter<"vendor" | "event_type" | "outcome">;
  refusals: Counter<"vendor" | "reason">;
  unavailable: Counter<"vendor">;
  ingestSeconds: Histogram<"vendor">;
  streams: Gauge;
  outbox: Gauge<"status">;
};

/** What is counted elsewhere and read when Prometheus scrapes: open streams, the outbox by status. */
export type ScrapeReadings = {
  openStreams: number;
  outbox: Record<string, number>;
};

const holder = globalThis as unknown as { __metrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "dashboard_" });
  return {
    registry,
    deliveries: new Counter({
      name: "dashboard_webhook_deliveries_total",
      help: "Accepted webhook deliveries (2xx), by vendor, event type and outcome (applied, stale, ignored, duplicate)",
      labelNames: ["vendor", "event_type", "outcome"],
      registers: [registry],
    }),
    refusals: new Counter({
      name: "dashboard_webhook_refusals_total",
      help: "Refused webhook deliveries (4xx), by vendor and reason",
      labelNames: ["vendor", "reason"],
      registers: [registry],
    }),
    unavailable: new Counter({
      name: "dashboard_webhook_unavailable_total",
      help: "Deliveries answered 503 because the database was busy, unavailable or not configured (the vendor retries)",
      labelNames: ["vendor"],
      registers: [registry],
    }),
    ingestSeconds: new Histogram({
      name: "dashboard_webhook_ingest_seconds",
      help: "Time from receipt to the answer of an accepted delivery (transaction committed)",
      labelNames: ["vendor"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    streams: new Gauge({
      name: "dashboard_sse_streams_open",
      help: "Open live-update (SSE) streams on this instance",
      registers: [registry],
    }),
    outbox: new Gauge({
      name: "dashboard_notifications",
      help: "Notifications in the outbox by status (pending is the backlog; failed gave up after 24 h of retries)",
      labelNames: ["status"],
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  holder.__metrics ??= create();
  return holder.__metrics;
}

/** The text Prometheus scrapes, with the gauges set from this scrape's readings. */
export async function renderMetrics(readings: ScrapeReadings): Promise<{ contentType: string; text: string }> {
  const m = metrics();
  m.streams.set(readings.openStreams);
  for (const status of Object.keys(readings.outbox)) m.outbox.set({ status }, readings.outbox[status] ?? 0);
  return { contentType: m.registry.contentType, text: await m.registry.metrics() };
}

/** An accepted delivery: counted by vendor, event type (an unknown one, outcome `ignored`, is "other") and outcome. */
export function countDelivery(
  vendor: string,
  eventType: string | undefined,
  result: { outcome: "applied" | "stale" | "ignored"; duplicate: boolean },
  receivedAt: Date,
): void {
  const m = metrics();
  const known = result.outcome !== "ignored" && eventType !== undefined && eventType.length <= 64;
  m.deliveries.inc({
    vendor,
    event_type: known ? eventType : "other",
    outcome: result.duplicate ? "duplicate" : result.outcome,
  });
  m.ingestSeconds.observe({ vendor }, (Date.now() - receivedAt.getTime()) / 1000);
}
