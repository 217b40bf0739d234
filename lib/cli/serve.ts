// Serves the built app (what `next start` does), with a graceful stop. On SIGTERM or SIGINT it stops
// accepting connections, ends live streams (browsers reconnect), lets requests in flight finish for
// at most SHUTDOWN_GRACE_MS, then closes the database and exits 0. A delivery being received when the
// signal arrives is still answered after its commit; nothing is left serving.
// `npm start` calls serve() after migrating and building; `node --import tsx lib/cli/serve.ts` serves
// an already migrated database and build (tests/helpers/server.ts, the end-to-end server).
//
// One duty Next.js leaves to a proxy is done here: Next.js only fills in X-Forwarded-For when a
// request has none, so a client could name any address it likes. Every request reaches Next.js with
// X-Forwarded-For ending in the socket's own address, and with the client's X-Forwarded-For, -Proto
// and -Host kept only when the socket is one of TRUSTED_PROXIES (lib/net/client-address.ts).
//
// GET /api/stream (the live change stream, open for hours per tab) is answered here, before Next's
// handler, writing SSE to the response directly (lib/live/http-stream.ts): through Next.js each
// open stream kept about 70 KB of per-request state alive. So are the vendors' webhook deliveries,
// POST /api/webhooks/<vendor> (lib/webhooks/http-server.ts): Next's pipeline cost more CPU per
// delivery than the delivery's own work.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { pathToFileURL } from "node:url";
import { checkConfig, trustedProxies } from "../config";
import { closeDatabase } from "../db/client";
import { forwardedFromPeer, type TrustedProxies } from "../net/client-address";
import { endStreams } from "../live/bus";
import { log } from "../log";
import { startWithServer, stopWithServer } from "../notify/runtime";
import { requestStarted } from "../server/foreground";
import { startRetentionWithServer, stopRetentionWithServer } from "../events/retention";

export const SHUTDOWN_GRACE_MS = 10_000;
/**
 * How long an idle keep-alive connection stays open: longer than the idle timeouts of the clients and
 * proxies in front (load balancers: 60 s), so that they close it first. With Node's 5 s, the server
 * closed connections a client was just writing its next request on: a reset, a delivery unanswered
 * (1 in 90,000 in the 300 s soak).
 */
export const KEEP_ALIVE_MS = 65_000;

export type ServeOptions = { port: number; hostname: string };

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

/** Rewrites the request's forwarded headers to what the socket may vouch for. */
export function applyForwarded(req: IncomingMessage, trusted: TrustedProxies): void {
  const forwarded = forwardedFromPeer(
    req.socket.remoteAddress,
    {
      forwardedFor: header(req, "x-forwarded-for"),
      proto: header(req, "x-forwarded-proto"),
      host: header(req, "x-forwarded-host"),
    },
    trusted,
  );
  const values = [
    ["x-forwarded-for", forwarded.forwardedFor],
    ["x-forwarded-proto", forwarded.proto],
    ["x-forwarded-host", forwarded.host],
  ] as const;
  for (const [name, value] of values) {
    if (value) req.headers[name] = value;
    else delete req.headers[name];
  }
  delete req.headers["x-real-ip"];
}

function listen(server: Server, { port, hostname }: ServeOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function serve(options: ServeOptions): Promise<void> {
  // Before Next (and React) load: their production builds.
  Object.assign(process.env, { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: options.hostname, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const trusted = trustedProxies();
  // After NODE_ENV is set: the access check loads next/headers.
  const { isStreamRequest, serveStream } = await import("../live/http-stream");
  const { isWebhookRequest, serveWebhook } = await import("../webhooks/http-server");

  let inFlight = 0;
  let idle: (() => void) | undefined;
  const server = createServer((req, res) => {
    inFlight += 1;
    // Background work (the scheduler's round, retention) gives way while requests are in flight;
    // a live stream stays open for hours and is not one of them (lib/server/foreground.ts).
    const answered = isStreamRequest(req) ? undefined : requestStarted();
    res.once("close", () => {
      answered?.();
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
    applyForwarded(req, trusted);
    if (isWebhookRequest(req)) void serveWebhook(req, res);
    else void (isStreamRequest(req) ? serveStream(req, res) : handle(req, res));
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000; // must exceed keepAliveTimeout
  await listen(server, options);
  startWithServer(); // the notification worker and scheduler (lib/notify/runtime.ts)
  startRetentionWithServer(); // payload and refusal retention in small batches (lib/events/retention.ts)

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping: no new connections; finishing requests in flight", { signal, inFlight });
    server.close();
    endStreams();
    server.closeIdleConnections();
    const drained = await new Promise<boolean>((resolve) => {
      if (inFlight === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS);
      idle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    if (!drained)
      log.warn("requests still in flight after the grace period; closing them", {
        inFlight,
        graceMs: SHUTDOWN_GRACE_MS,
      });
    server.closeAllConnections();
    await stopRetentionWithServer().catch((error: Error) =>
      log.error("stopping retention failed", { error: error.message }),
    );
    await stopWithServer().catch((error: Error) =>
      log.error("stopping notifications failed", { error: error.message }),
    );
    await app.close().catch((error: Error) => log.error("closing Next.js failed", { error: error.message }));
    await closeDatabase().catch((error: Error) => log.error("closing the database failed", { error: error.message }));
    log.info("stopped", { signal });
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));
}

// Run directly: check the configuration as `npm start` does, then serve on PORT (default 3000) and
// HOSTNAME (default 0.0.0.0).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    checkConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  serve({ port: Number(process.env.PORT ?? 3000), hostname: process.env.HOSTNAME ?? "0.0.0.0" }).catch(
    (error: Error) => {
      console.error(`serve failed: ${error.message}`);
      process.exit(1);
    },
  );
}
