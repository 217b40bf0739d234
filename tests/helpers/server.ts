// Real app instances for scale-out tests, the benchmark and the chaos suite: the built app (lib/cli/serve.ts, built once
// by lib/cli/build.ts when the sources changed) on a given port and DATABASE_URL, with known test
// secrets. `startServer` resolves when the instance answers HTTP; `stop` ends it and waits.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { buildIfNeeded } from "../../lib/cli/build";
import { LISTENER_APPLICATION_NAME } from "../../lib/live/postgres";
import { TEST_FINGERPRINT_KEY, TEST_SECRET } from "./inboxkit";

/** The secrets every spawned instance runs with (test values, never used anywhere real). */
export const SERVER_ENV = {
  INBOXKIT_WEBHOOK_SECRETS: TEST_SECRET,
  INBOXKIT_SIGNATURE_SCHEME: "api-key-sha256",
  INKBOX_SIGNING_KEYS: "whsec_scale_out_inkbox_signing_key",
  CREDENTIAL_FINGERPRINT_KEY: TEST_FINGERPRINT_KEY,
  SESSION_SECRET: "scale-out-session-secret-0123456789abcdef0123456789",
  CUSTOMER_LINK_SECRET: "scale-out-customer-link-secret-0123456789abcdef",
  DASHBOARD_API_TOKEN: "scale-out-api-token-0123456789abcdef0123456789",
  QUARANTINE_KEY: "c2NhbGUtb3V0LXF1YXJhbnRpbmUta2V5LTMyLWJ5dGU",
  LOG_LEVEL: "warn",
  NEXT_TELEMETRY_DISABLED: "1",
} as const;

/** The operator account tests create in a server's database to sign in through the login form's API. */
export const SERVER_OPERATOR = { email: "ops@example.com", password: "scale-out-operator-password" } as const;

export type ServerOptions = {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
};

export type AppServer = {
  port: number;
  /** The server's process id. */
  pid: number;
  baseUrl: string;
  /** The instance's stdout and stderr so far (for failure messages). */
  output(): string;
  /** CPU seconds (user + system) used so far by the instance's process tree (Linux /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
  /** Ends the instance with SIGKILL (a crash: nothing is flushed or closed) and waits for it. */
  kill(): Promise<void>;
};

/** A port nothing listens on now (the system's pick), for a server a test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Builds the app unless the existing build matches the sources (shared with `npm start` and e2e); SKIP_BUILD=1 as for `npm start`. */
export function ensureBuilt(): void {
  if (process.env.SKIP_BUILD !== "1") buildIfNeeded();
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process and all its descendants, from /proc/<pid>/stat. */
export function treeCpuSeconds(root: number): number {
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
          .replace(/^.*\) /, "")
          .split(" ");
        return { pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
      } catch {
        return null; // exited meanwhile
      }
    })
    .filter((s): s is { pid: number; ppid: number; ticks: number } => s !== null);
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) if (!inTree.has(s.pid) && inTree.has(s.ppid)) grew = inTree.add(s.pid) !== undefined;
  }
  return stats.filter((s) => inTree.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) / CLOCK_TICKS;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited(child);
  clearTimeout(killer);
}

/** Starts the built app on the port against the database; resolves once it answers HTTP. */
export async function startServer({
  port,
  databaseUrl,
  env = {},
  startTimeoutMs = 60_000,
}: ServerOptions): Promise<AppServer> {
  // The production server (lib/cli/serve.ts, as `npm start` runs it) in a process of its own: `pid` is the server.
  const child = spawn(process.execPath, ["--import", "tsx", join("lib", "cli", "serve.ts")], {
    env: {
      ...process.env,
      ...SERVER_ENV,
      ...env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: AppServer = {
    port,
    pid: child.pid!,
    baseUrl,
    output: () => output,
    cpuSeconds: () => treeCpuSeconds(child.pid!),
    stop: () => stopChild(child),
    kill: async () => {
      child.kill("SIGKILL");
      await exited(child);
    },
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server on port ${port} exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    try {
      // Any HTTP answer means the server is up; GET on the webhook is a side-effect-free 405.
      const response = await fetch(`${baseUrl}/api/webhooks/inboxkit`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return server;
    } catch {
      if (Date.now() > deadline) {
        await stopChild(child);
        throw new Error(`the server on port ${port} did not answer within ${startTimeoutMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Starts several instances at once; if any fails, the others are stopped. */
export async function startServers(options: ServerOptions[]): Promise<AppServer[]> {
  const started = await Promise.allSettled(options.map(startServer));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<AppServer>).value);
}

/** One server-sent event, with when it arrived (performance.now()). */
export type SseEvent = { event: string; data: string; at: number };

/** Opens GET /api/stream as an operator (API token); `events` fills with parsed events until aborted. */
export async function openStream(
  server: AppServer,
  signal: AbortSignal,
): Promise<{ status: number; events: SseEvent[] }> {
  const response = await fetch(`${server.baseUrl}/api/stream`, {
    headers: { Authorization: `Bearer ${SERVER_ENV.DASHBOARD_API_TOKEN}` },
    signal,
  });
  const events: SseEvent[] = [];
  if (!response.ok || !response.body) return { status: response.status, events };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split("\n")
              .find((l) => l.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          const event = field("event");
          if (event) events.push({ event, data: field("data") ?? "", at: performance.now() });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { status: response.status, events };
}

/**
 * Waits until `count` instances hold their LISTEN connection on the PostgreSQL database at `url`
 * (lib/live/postgres.ts starts it with an instance's first SSE subscriber).
 */
export async function waitForListeners(url: string, count: number, timeoutMs = 5000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND query ILIKE 'LISTEN%'`,
        [LISTENER_APPLICATION_NAME],
      );
      if (Number(rows[0].n) >= count) return;
      if (Date.now() > deadline)
        throw new Error(`only ${rows[0].n} of ${count} live listeners connected after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await client.end();
  }
}
