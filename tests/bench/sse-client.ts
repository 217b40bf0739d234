// The SSE side of the fan-out stage (tests/bench/sse-fanout.ts), in a process of its own so that
// reading 2,000 streams never slows the load generator or the runner. Light on purpose: raw
// node:http, one socket per stream; most streams only count their bytes, a sample of them parses
// events and notes, for every `change` event (one summary per batch window), when the server wrote
// it (its `at`) and when it arrived (epoch ms from performance.timeOrigin + now(), comparable with
// the parent's clock on the same machine): tests/bench/sse-fanout.ts finds each probe's covering
// summary from these.
//
// Protocol over IPC: parent sends { open, url, token, sample }; child answers { opened, failed }
// once every stream answered (or failed). { gc: inspectorPort } asks the server, through its
// inspector (started with --inspect for the memory figures), for a full garbage collection, so
// heap and RSS are compared without garbage; answered { gc: true }. Parent sends { report }; child
// answers with its figures and exits. Needs --experimental-websocket (Node 20).
import http from "node:http";
import type { StreamSummary } from "@/lib/live/protocol";

export type OpenMessage = { open: number; url: string; token: string; sample: number };
export type OpenedMessage = { opened: number; failed: number; firstError: string | null };
export type ClientReport = {
  /** Per sample stream, every summary in arrival order: [written at (server's epoch ms), arrived at (epoch ms)]. */
  windows: [number, number][][];
  /** Streams that ended or failed before the report was asked for. */
  dropped: number;
  bytes: number;
  /** Events parsed on the sample streams. */
  events: number;
  cpuSeconds: number;
};

const now = () => performance.timeOrigin + performance.now();
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const requests: http.ClientRequest[] = [];
const windows: [number, number][][] = [];
let dropped = 0;
let bytes = 0;
let events = 0;
let reporting = false;

/** Parses one sample stream: every `change` event's `at` (lib/live/protocol.ts StreamSummary) and arrival. */
function sampleReader() {
  let buffer = "";
  const seen: [number, number][] = [];
  windows.push(seen);
  return (chunk: Buffer) => {
    const at = now();
    buffer += chunk.toString("utf8");
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      events += 1;
      const data = /^event: change\ndata: (.*)$/m.exec(block)?.[1];
      if (data) seen.push([(JSON.parse(data) as StreamSummary).at, at]);
    }
  };
}

function openOne(message: OpenMessage, sample: boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const request = http.get(
      `${message.url}/api/stream`,
      { agent, headers: { Authorization: `Bearer ${message.token}`, Accept: "text/event-stream" } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return resolve(`GET /api/stream answered ${response.statusCode}`);
        }
        const read = sample ? sampleReader() : null;
        let ready = false;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          read?.(chunk);
          if (!ready && chunk.includes("event: ready")) {
            ready = true;
            resolve(null);
          }
        });
        response.on("close", () => {
          if (!reporting) dropped += 1;
          if (!ready) resolve("stream closed before its ready event");
        });
      },
    );
    request.on("error", (error) => resolve(error.message));
    requests.push(request);
  });
}

/** HeapProfiler.collectGarbage on the process whose inspector listens on `port`. */
async function collectGarbage(port: number): Promise<void> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
    socket.onmessage = (event) => {
      if ((JSON.parse(String(event.data)) as { id?: number }).id === 1) resolve();
    };
    socket.onerror = () => reject(new Error("inspector connection failed"));
  });
  socket.close();
}

process.on("message", async (message: OpenMessage | { gc: number } | { report: true }) => {
  if ("gc" in message) {
    await collectGarbage(message.gc);
    process.send!({ gc: true });
  } else if ("open" in message) {
    let failed = 0;
    let firstError: string | null = null;
    // In waves of 100, so the server's accept queue is never the thing measured.
    for (let i = 0; i < message.open; i += 100) {
      const wave = Array.from({ length: Math.min(100, message.open - i) }, (_, k) =>
        openOne(message, i + k < message.sample),
      );
      for (const error of await Promise.all(wave))
        if (error) {
          failed += 1;
          firstError ??= error;
        }
    }
    process.send!({ opened: message.open - failed, failed, firstError } satisfies OpenedMessage);
  } else {
    reporting = true;
    const usage = process.cpuUsage();
    const report: ClientReport = {
      windows,
      dropped,
      bytes,
      events,
      cpuSeconds: (usage.user + usage.system) / 1e6,
    };
    for (const request of requests) request.destroy();
    process.send!(report, undefined, {}, () => process.exit(0));
  }
});
