// What lib/cli/serve.ts needs to answer a request itself, outside Next.js's pipeline (the live stream,
// lib/live/http-stream.ts; webhook deliveries, lib/webhooks/http-server.ts), with the same code the
// route handlers run: the request's headers as web Headers, and a web Response written to node:http.
import type { IncomingHttpHeaders, ServerResponse } from "node:http";

/** node:http's headers (lower-case names, repeated ones as arrays) as web Headers. */
export function webHeaders(headers: IncomingHttpHeaders): Headers {
  const web = new Headers();
  for (const [name, value] of Object.entries(headers))
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) web.append(name, one);
  return web;
}

/** Writes a (small, complete) web Response with `headers` (the security headers) under its own. */
export async function sendResponse(
  res: ServerResponse,
  response: Response,
  headers: Record<string, string>,
): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, {
    ...headers,
    ...Object.fromEntries(response.headers),
    "Content-Length": body.length,
  });
  res.end(body);
}
