// The chaos suite's servers: the production server (tests/helpers/server.ts) on a free loopback
// port (within CHAOS_PORTS, e.g. `3200-3249`, when set), signed with the bench workload's InboxKit
// secret and the helpers' Inkbox key.
import { createServer } from "node:net";
import { startServer, SERVER_ENV, type AppServer } from "../helpers/server";
import { BENCH_SCHEME, BENCH_SECRET } from "../bench/workload";

export const CHAOS_ENV = {
  INBOXKIT_WEBHOOK_SECRETS: BENCH_SECRET,
  INBOXKIT_SIGNATURE_SCHEME: BENCH_SCHEME,
  LOG_LEVEL: "silent",
};
export const INKBOX_KEY = SERVER_ENV.INKBOX_SIGNING_KEYS;

function probePort(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(wanted, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

let nextInRange = 0;

/** A loopback port free now: the next free one in CHAOS_PORTS (`<first>-<last>`) when set, else any. */
export async function freePort(range = process.env.CHAOS_PORTS): Promise<number> {
  const bounds = /^(\d+)-(\d+)$/.exec(range ?? "");
  if (!bounds) return probePort(0);
  const [first, last] = [Number(bounds[1]), Number(bounds[2])];
  for (let tried = 0; tried <= last - first; tried++) {
    // Successive calls move on, so two servers not yet listening never get the same port.
    const port = first + (nextInRange++ % (last - first + 1));
    if (await probePort(port).catch(() => null)) return port;
  }
  throw new Error(`no free port in CHAOS_PORTS=${range}`);
}

export function chaosServer(databaseUrl: string, port: number, env: Record<string, string> = {}): Promise<AppServer> {
  return startServer({ port, databaseUrl, env: { ...CHAOS_ENV, ...env } });
}
