// The chaos suite's servers: the production server (tests/helpers/server.ts) on a free loopback
// port, signed with the bench workload's InboxKit secret and the helpers' Inkbox key.
import { createServer } from "node:net";
import { startServer, SERVER_ENV, type AppServer } from "../helpers/server";
import { BENCH_SCHEME, BENCH_SECRET } from "../bench/workload";

export const CHAOS_ENV = {
  INBOXKIT_WEBHOOK_SECRETS: BENCH_SECRET,
  INBOXKIT_SIGNATURE_SCHEME: BENCH_SCHEME,
  LOG_LEVEL: "silent",
};
export const INKBOX_KEY = SERVER_ENV.INKBOX_SIGNING_KEYS;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

export function chaosServer(databaseUrl: string, port: number, env: Record<string, string> = {}): Promise<AppServer> {
  return startServer({ port, databaseUrl, env: { ...CHAOS_ENV, ...env } });
}
