// GET /api/stream served straight from node:http (lib/cli/serve.ts, before Next's handler). A
// route-handler response that lives for hours keeps Next.js's per-request machinery alive with it
// (web-stream piping, request metadata, async contexts, the AbortSignal): about 70 KB per open
// stream. Here a stream is the socket, the ServerResponse and the fan-out's sink. The checks and the
// stream are the route handler's own (lib/live/access.ts checkStreamRequest, lib/live/sse.ts
// openLiveStream); the security headers are next.config.js's (lib/security/route-headers.ts).
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { jsonError } from "../http";
import { log } from "../log";
import { sendResponse, webHeaders } from "../net/node-http";
import { securityHeadersFor } from "../security/route-headers";
import { checkStreamRequest } from "./access";
import { openLiveStream, SSE_HEADERS } from "./sse";

export const STREAM_PATH = "/api/stream";

/** A GET of the stream's path (any query); everything else, other methods included, stays with Next.js. */
export function isStreamRequest(req: IncomingMessage): boolean {
  if (req.method !== "GET" || !req.url) return false;
  const end = req.url.indexOf("?");
  return (end < 0 ? req.url : req.url.slice(0, end)) === STREAM_PATH;
}

/** What the access check reads of the request (URL and headers; a GET has no body) as a web Request. */
export function webRequest(url: string, headers: IncomingHttpHeaders): Request {
  return new Request(new URL(url, "http://localhost"), { headers: webHeaders(headers) });
}

export async function serveStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = securityHeadersFor(STREAM_PATH, req.headers);
  // The client may leave while access is checked: then no stream is opened.
  let close: (() => void) | null = null;
  let gone = false;
  res.once("close", () => {
    gone = true;
    close?.();
  });
  const access = await checkStreamRequest(webRequest(req.url ?? "/", req.headers)).catch((error: Error) => {
    log.error("opening a live stream failed", { error: error.message });
    return { ok: false as const, response: jsonError(500, "internal_error", "The live stream could not be opened") };
  });
  if (!access.ok) return sendResponse(res, access.response, headers);
  if (gone) return;
  res.writeHead(200, { ...headers, ...SSE_HEADERS });
  close = openLiveStream(access, {
    write: (bytes) => void res.write(bytes),
    end: () => res.end(),
    unreadBytes: () => res.writableLength,
  });
}
