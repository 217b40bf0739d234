// Server-Sent Events for change notices: the wire format and one stream per subscriber. Pure apart
// from the fan-out it joins (lib/live/fanout.ts: one bus subscription and heartbeat timer for all
// streams). Each batch window of notices is one `event: change` (lib/live/protocol.ts StreamSummary:
// the window's last notice, with its `id:`, and how many it held); a comment line every 15 s keeps
// proxies from closing an idle connection; the stream leaves the fan-out when
// the client goes away (request aborted), the stream is cancelled, or the server shuts down.
// openLiveStream writes to any output: a web ReadableStream (liveStream, the route handler under
// `next dev`) or a node:http response (lib/live/http-stream.ts, what `npm start` serves).
import { log } from "../log";
import { formatEvent, joinFanout, type NoticeFilter } from "./fanout";
import { STREAM_EVENTS, type StreamNotice } from "./protocol";

export { STREAM_EVENTS, formatEvent, type NoticeFilter, type StreamNotice };
export const HEARTBEAT_MS = 15_000;
/** Reconnect hint for EventSource after a dropped connection. */
export const RETRY_MS = 2_000;

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

export const operatorFilter: NoticeFilter = ({
  id,
  kind,
  vendor,
  entityType,
  entityUid,
  workspaceId,
  eventId,
  outcome,
}) => ({
  id,
  kind,
  vendor,
  entityType,
  entityUid,
  workspaceId,
  eventId,
  outcome,
});

/** A customer sees only its workspace's changes, and only that something of a kind changed. */
export function workspaceFilter(workspaceId: string): NoticeFilter {
  return (notice) => {
    if (notice.kind === "resync") return { id: notice.id, kind: "resync" };
    if (notice.workspaceId !== workspaceId) return null;
    return { id: notice.id, kind: notice.kind, entityType: notice.entityType };
  };
}

export type LiveStreamOptions = {
  filter: NoticeFilter;
  heartbeatMs?: number;
  /** Close the stream at this time (a customer link's expiry); the reconnect is then refused. */
  until?: Date | null;
  onClose?: () => void;
};

/**
 * Where a stream's bytes go: a web ReadableStream's controller, or a node:http response, which also
 * tells how many written bytes the client has not taken yet (`unreadBytes`).
 */
export type StreamOutput = { write(bytes: Uint8Array): void; end(): void; unreadBytes?(): number };

/**
 * A client that stops reading (a suspended laptop, a dead proxy) would make the server keep every
 * window's summary for it, without bound, for hours. Past this many unread bytes (about a minute of
 * summaries at 10 a second) its stream ends instead; a browser that is still there reconnects and refetches
 * everything, as after any reconnect. 2,000 such clients hold at most about 512 MB.
 */
export const MAX_UNREAD_BYTES = 256 * 1024;

const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const encoder = new TextEncoder();

const streams = globalThis as unknown as { __openStreams?: number };

/** Live streams open on this instance now (GET /api/metrics). */
export const openStreamCount = (): number => streams.__openStreams ?? 0;

/**
 * One subscriber's stream over any transport: joins the fan-out, sends the retry hint and the
 * ready event, and ends at `until`, when the fan-out ends it (shutdown) or when the returned close
 * is called (the client went away). Nothing per stream but this closure and the sink: the
 * encoded bytes are the fan-out's, shared by every stream of a filter.
 */
export function openLiveStream(
  { filter, heartbeatMs = HEARTBEAT_MS, until = null, onClose }: LiveStreamOptions,
  output: StreamOutput,
): () => void {
  let closed = false;
  streams.__openStreams = openStreamCount() + 1;
  const sink = {
    write(bytes: Uint8Array) {
      if (closed) return;
      try {
        output.write(bytes);
      } catch {
        return close();
      }
      const unreadBytes = output.unreadBytes?.() ?? 0;
      if (unreadBytes > MAX_UNREAD_BYTES) {
        log.warn("ending a live stream whose client stopped reading", { unreadBytes });
        close();
      }
    },
    close: () => close(),
  };
  const leave = joinFanout(filter, heartbeatMs, sink);
  const expiry = until ? setTimeout(close, Math.min(Math.max(0, until.getTime() - Date.now()), MAX_TIMEOUT_MS)) : null;
  function close() {
    if (closed) return;
    closed = true;
    streams.__openStreams = openStreamCount() - 1;
    leave();
    if (expiry) clearTimeout(expiry);
    try {
      output.end();
    } catch {
      // already ended by the runtime
    }
    onClose?.();
  }
  // The retry hint and a first event flush the headers, so the browser's `open` fires now.
  sink.write(
    encoder.encode(`retry: ${RETRY_MS}\n${formatEvent(STREAM_EVENTS.ready, { at: new Date().toISOString() })}`),
  );
  return close;
}

/** The stream as a web ReadableStream (the route handler, under `next dev`); ends when `signal` aborts. */
export function liveStream({
  signal,
  onClose,
  ...options
}: LiveStreamOptions & { signal: AbortSignal }): ReadableStream<Uint8Array> {
  let close = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (signal.aborted) return controller.close();
      const closed = () => {
        signal.removeEventListener("abort", close);
        onClose?.();
      };
      close = openLiveStream(
        { ...options, onClose: closed },
        { write: (bytes) => controller.enqueue(bytes), end: () => controller.close() },
      );
      signal.addEventListener("abort", close);
    },
    cancel() {
      close();
    },
  });
}
