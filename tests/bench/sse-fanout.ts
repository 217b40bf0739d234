// SSE fan-out for the soak stage (tests/bench/soak.ts): BENCH_SSE_STREAMS operator streams
// (default 2,000) held open on one instance by a separate, light client process
// (tests/bench/sse-client.ts). Memory per stream is the server's RSS and V8 heap (from its own
// GET /api/metrics) after opening them minus before, divided by the streams, each read after a full
// garbage collection (through the server's inspector); POST → notice latency
// comes from BENCH_SSE_SAMPLE of the streams (default 20), which note every summary they receive
// (noticeLatencies says how a probe delivery's summary is found).
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { SERVER_ENV, treeCpuSeconds, type AppServer } from "../helpers/server";
import type { ClientReport, OpenedMessage, OpenMessage } from "./sse-client";
import { latencySummary } from "./load";
import { rssKb, type Probe } from "./soak";

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
  /** Probe deliveries answered 2xx (the others have no notice to wait for). */
  probes: number;
  sampleStreams: number;
  samples: number;
  /** Probes a sample stream never received a covering summary for. */
  missing: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

/**
 * POST (due time) → the arrival of the first summary that covers the probe delivery, on each sample
 * stream, for every probe answered 2xx. Summaries carry no uids (lib/live/fanout.ts), so coverage is
 * told by time: a summary covers every notice published before the server wrote it (its `at`), and
 * on SQLite a delivery's notice is published before its answer is written (lib/webhooks/receive.ts).
 * So a summary written after the probe's answer arrived (`at` > answeredAt, both Date.now() on this
 * machine; strictly later, as both are whole milliseconds) certainly covers it. An earlier summary
 * may cover it too, so this figure is never below the truth and at most the answer's way back plus
 * one window above it. Not valid on PostgreSQL, where the notice comes back through LISTEN after the
 * commit, possibly after the answer: the soak does not report it there.
 */
export function noticeLatencies(probes: Map<string, Probe>, windows: [number, number][][]): NoticeLatency {
  const latencies: number[] = [];
  let missing = 0;
  let answered = 0;
  for (const { dueAt, answeredAt } of probes.values()) {
    if (answeredAt === null) continue;
    answered += 1;
    for (const stream of windows) {
      const covering = firstAfter(stream, answeredAt);
      if (covering) latencies.push(covering[1] - dueAt);
      else missing += 1;
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    probes: answered,
    sampleStreams: windows.length,
    samples: latencies.length,
    missing,
    ...latencySummary(latencies),
  };
}

/** The first [at, arrival] with at > time, in a list sorted by `at` (a stream's summaries in arrival order). */
function firstAfter(stream: [number, number][], time: number): [number, number] | undefined {
  let low = 0;
  let high = stream.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (stream[mid][0] > time) high = mid;
    else low = mid + 1;
  }
  return stream[low];
}
