// One load run with autocannon against one or more instances, sharing one delivery sequence (so two
// instances together send the workload once). Records every response's latency (autocannon's own
// summary has no p95) and which deliveries were answered 2xx, for the row-count check afterwards.
import autocannon from "autocannon";
import type { Delivery } from "./workload";

export type LoadOptions = {
  targets: string[]; // base URLs
  path: string;
  requests: Delivery[];
  connections: number;
  durationSec: number;
  /** Fixed offered load in requests/s across all targets (open-loop-ish: autocannon paces each connection). */
  overallRate?: number;
};

export type LoadResult = {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Dedupe keys of the deliveries answered 2xx: each must be stored. */
  okKeys: Set<string>;
  /** Dedupe keys of every delivery handed to the load generator: nothing else may be stored. */
  issuedKeys: Set<string>;
  /** Requests handed out but not answered when the run stopped (in flight, or never written). */
  unanswered: number;
  statuses: Record<string, number>;
  /** Server CPU (user + system, all instances) per answered request, when measured (run.ts). */
  serverCpuMsPerRequest?: number;
};

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** p50, p95, p99 and max of latencies sorted ascending (ms, one decimal). */
export function latencySummary(sorted: number[]): { p50: number; p95: number; p99: number; max: number } {
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

export async function runLoad({
  targets,
  path,
  requests,
  connections,
  durationSec,
  overallRate,
}: LoadOptions): Promise<LoadResult> {
  let cursor = 0;
  const latencies: number[] = [];
  const okKeys = new Set<string>();
  const issuedKeys = new Set<string>();
  let issued = 0;
  const statuses: Record<string, number> = {};
  let ok = 0;
  const perTarget = Math.max(1, Math.floor(connections / targets.length));
  const amount = Math.floor(requests.length / targets.length);
  const started = performance.now();
  const results = await Promise.all(
    targets.map((url) => {
      const instance = autocannon({
        url,
        connections: perTarget,
        pipelining: 1,
        duration: durationSec,
        maxOverallRequests: amount,
        timeout: 10,
        ...(overallRate ? { overallRate: Math.max(1, Math.round(overallRate / targets.length)) } : {}),
        requests: [
          {
            method: "POST",
            path,
            setupRequest(request, context) {
              const delivery = requests[cursor++ % requests.length];
              context.key = delivery.key;
              issuedKeys.add(delivery.key);
              issued += 1;
              return { ...request, method: "POST", path, headers: delivery.headers, body: delivery.body };
            },
            onResponse(status, _body, context) {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status >= 200 && status < 300) {
                ok += 1;
                okKeys.add(String(context.key));
              }
            },
          },
        ],
      });
      instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
      return instance;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const errors = results.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
  return {
    sent: latencies.length + errors,
    ok,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors,
    seconds: round(seconds, 2),
    rps: round(latencies.length / seconds, 0),
    ...latencySummary(latencies),
    okKeys,
    issuedKeys,
    unanswered: issued - latencies.length,
    statuses,
  };
}
