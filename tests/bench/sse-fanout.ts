// SSE fan-out for the soak stage (tests/bench/soak.ts): BENCH_SSE_STREAMS operator streams
// (default 2,000) held open on one instance by a separate, light client process
// (tests/bench/sse-client.ts). Memory per stream is the server's RSS and V8 heap (from its own
// GET /api/metrics) after opening them minus before, divided by the streams, each read after a full
// garbage collection (through the server's inspector); POST → notice latency
// comes from BENCH_SSE_SAMPLE of the streams (default 20), which note when each probe delivery's
// notice arrived.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { SERVER_ENV, treeCpuSeconds, type AppServer } from "../helpers/server";
import type { ClientReport, OpenedMessage, OpenMessage } from "./sse-client";
import { latencySummary } from "./load";
import { PROBE_PREFIX, rssKb } from "./soak";

export type FanoutOpen = {
  streams: number;
  opened: number;
  failed: number;
  firstError: string | null;
  openSeconds: number;
  rssBeforeKb: number;
  rssAfterKb: number;
  heapBeforeKb: number;
  heapAfterKb: number;
  /** (RSS after − before) / streams opened. */
  rssPerStreamKb: number;
  heapPerStreamKb: number;
  /** dashboard_sse_streams_open after opening. */
  serverCounted: number;
};

const kb = (bytes: number) => Math.round(bytes / 1024);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A gauge from the server's Prometheus text (GET /api/metrics as an operator). */
export async function serverMetric(server: AppServer, name: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}/api/metrics`, {
    headers: { Authorization: `Bearer ${SERVER_ENV.DASHBOARD_API_TOKEN}` },
  });
  const text = await response.text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : NaN;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Fanout = {
  open: FanoutOpen;
  /** The client's figures; ends the client process. */
  finish(): Promise<ClientReport & { clientCpuSeconds: number }>;
  kill(): void;
};

/** `inspectPort`: the server's inspector (NODE_OPTIONS=--inspect), to collect garbage before each memory reading. */
export async function openFanout(
  server: AppServer,
  streams: number,
  sample: number,
  inspectPort: number,
): Promise<Fanout> {
  const child: ChildProcess = fork(join("tests", "bench", "sse-client.ts"), [], {
    execArgv: ["--import", "tsx", "--experimental-websocket", "--no-warnings"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const reply = <T>() => new Promise<T>((resolve) => child.once("message", (m) => resolve(m as T)));
  try {
    await settle(2000);
    const gc = async () => {
      const done = reply<{ gc: true }>();
      child.send({ gc: inspectPort });
      await done;
    };
    const heap = async () => {
      await gc();
      return serverMetric(server, "dashboard_nodejs_heap_size_used_bytes");
    };
    const rssBeforeKb = rssKb(server.pid);
    const heapBefore = await heap();
    const started = performance.now();
    const opened = reply<OpenedMessage>();
    child.send({
      open: streams,
      url: server.baseUrl,
      token: SERVER_ENV.DASHBOARD_API_TOKEN,
      sample,
      probePrefix: PROBE_PREFIX,
    } satisfies OpenMessage);
    const result = await opened;
    const openSeconds = round((performance.now() - started) / 1000, 2);
    await settle(3000); // let allocation after the ready event settle
    const rssAfterKb = rssKb(server.pid);
    const heapAfter = await heap();
    const serverCounted = await serverMetric(server, "dashboard_sse_streams_open");
    const per = (delta: number) => round(delta / Math.max(1, result.opened), 1);
    return {
      open: {
        streams,
        ...result,
        openSeconds,
        rssBeforeKb,
        rssAfterKb,
        heapBeforeKb: kb(heapBefore),
        heapAfterKb: kb(heapAfter),
        rssPerStreamKb: per(rssAfterKb - rssBeforeKb),
        heapPerStreamKb: per(kb(heapAfter) - kb(heapBefore)),
        serverCounted,
      },
      async finish() {
        const clientCpuSeconds = treeCpuSeconds(child.pid!);
        const report = reply<ClientReport>();
        child.send({ report: true });
        return { ...(await report), clientCpuSeconds };
      },
      kill: () => child.kill("SIGKILL"),
    };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

export type NoticeLatency = {
  probes: number;
  sampleStreams: number;
  samples: number;
  /** Probe notices a sample stream never heard. */
  missing: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

/** POST (due time) → notice on each sample stream, for every probe delivery answered. */
export function noticeLatencies(
  probes: Map<string, number>,
  arrivals: Record<string, number[]>,
  sampleStreams: number,
): NoticeLatency {
  const latencies: number[] = [];
  let missing = 0;
  for (const [uid, dueAt] of probes) {
    const heard = arrivals[uid] ?? [];
    missing += Math.max(0, sampleStreams - heard.length);
    for (const at of heard) latencies.push(at - dueAt);
  }
  latencies.sort((a, b) => a - b);
  return {
    probes: probes.size,
    sampleStreams,
    samples: latencies.length,
    missing,
    ...latencySummary(latencies),
  };
}
