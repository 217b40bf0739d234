// POST /api/webhooks/<vendor> served straight from node:http (lib/cli/serve.ts, before Next's
// handler). Next.js's request pipeline (routing, the web Request and its body stream, the
// AbortSignal, async contexts, piping the web Response back) cost about twice what our own checks,
// parsing and transaction do per delivery, and the soak's tail was queueing on that one thread (issue 15).
// The pipeline is the route handler's own (receive.ts: same order of checks, same answers, nothing
// 2xx before commit); only the transport differs: the body is read from the socket up to the
// vendor's cap, and the security headers are next.config.js's (lib/security/route-headers.ts).
// app/api/webhooks/<vendor>/route.ts still serves the same under `next dev`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonError } from "../http";
import { log } from "../log";
import { sendResponse, webHeaders } from "../net/node-http";
import { securityHeadersFor } from "../security/route-headers";
import { benchBaselineEnabled } from "../config";
import { BENCH_BASELINE_NODE_PATH, receiveBaseline } from "./bench-baseline";
import { INBOXKIT_MAX_BYTES, inboxKitContract } from "./inboxkit/contract";
import { inkboxContract } from "./inkbox/contract";
import { receive, type Body, type Incoming } from "./receive";

/** The webhook paths answered here, each with its vendor's pipeline. */
const RECEIVERS = new Map<string, (incoming: Incoming) => Promise<Response>>([
  ["/api/webhooks/inboxkit", (incoming) => receive(incoming, inboxKitContract)],
  ["/api/webhooks/inkbox", (incoming) => receive(incoming, inkboxContract)],
  // The bench's baseline through the same transport (only when BENCH_BASELINE=1: isWebhookRequest).
  [
    BENCH_BASELINE_NODE_PATH,
    async (incoming) => {
      const body = await incoming.body(INBOXKIT_MAX_BYTES);
      return body.ok ? receiveBaseline(incoming.headers, body.bytes) : jsonError(413, "too_large", "Body too large");
    },
  ],
]);

const pathOf = (url: string) => {
  const end = url.indexOf("?");
  return end < 0 ? url : url.slice(0, end);
};

/** A POST to a webhook path (any query); everything else, other methods included, stays with Next.js. */
export function isWebhookRequest(req: IncomingMessage): boolean {
  if (req.method !== "POST" || !req.url) return false;
  const path = pathOf(req.url);
  return RECEIVERS.has(path) && (path !== BENCH_BASELINE_NODE_PATH || benchBaselineEnabled());
}

/**
 * Reads the body as readCapped does a Request's: a declared length over `cap` is refused unread;
 * otherwise reading stops as soon as it passes `cap` (the rest is never buffered).
 */
export function readRequestCapped(req: IncomingMessage, cap: number): Promise<Body> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (declared > cap) return Promise.resolve({ ok: false, size: declared, bytes: Buffer.alloc(0) });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body | Error) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      if (body instanceof Error) reject(body);
      else resolve(body);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= cap) return void chunks.push(chunk);
      req.pause();
      settle({ ok: false, size, bytes: Buffer.concat(chunks) });
    };
    req.on("data", onData);
    req.once("end", () => settle({ ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }));
    req.once("error", settle);
    req.once("close", () => settle(new Error("the client closed the request before its body was read")));
  });
}

export async function serveWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathOf(req.url ?? "/");
  const headers = securityHeadersFor(path, req.headers);
  let readToEnd = true;
  const incoming: Incoming = {
    headers: webHeaders(req.headers),
    body: async (cap) => {
      const body = await readRequestCapped(req, cap);
      readToEnd = body.ok;
      return body;
    },
  };
  let response: Response;
  try {
    response = await RECEIVERS.get(path)!(incoming);
  } catch (error) {
    if (res.destroyed) return; // the client left while its body was being read
    log.error("webhook delivery failed", { path, error: String(error) });
    response = jsonError(500, "internal_error", "The delivery could not be processed");
  }
  // A body refused past its cap was not read to its end: the connection cannot carry another request.
  await sendResponse(res, response, readToEnd ? headers : { ...headers, Connection: "close" });
}
