// Server-Sent Events for change notices: the wire format and one stream per subscriber. Pure apart
// from the fan-out it joins (lib/live/fanout.ts: one bus subscription and heartbeat timer for all
// streams, notices written in batches). Each notice is an `event: change` with an `id:`; a comment
// line every 15 s keeps proxies from closing an idle connection; the stream leaves the fan-out when
// the client goes away (request aborted), the stream is cancelled, or the server shuts down.
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
  signal: AbortSignal;
  heartbeatMs?: number;
  /** Close the stream at this time (a customer link's expiry); the reconnect is then refused. */
  until?: Date | null;
  onClose?: () => void;
};

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const streams = globalThis as unknown as { __openStreams?: number };

/** Live streams open on this instance now (GET /api/metrics). */
export const openStreamCount = (): number => streams.__openStreams ?? 0;

export function liveStream({
  filter,
  signal,
  heartbeatMs = HEARTBEAT_MS,
  until = null,
  onClose,
}: LiveStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let close = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      streams.__openStreams = openStreamCount() + 1;
      const write = (bytes: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(bytes);
        } catch {
          close();
        }
      };
      const send = (text: string) => write(encoder.encode(text));
      const leave = joinFanout(filter, heartbeatMs, { write, close: () => close() });
      const expiry = until
        ? setTimeout(() => close(), Math.min(Math.max(0, until.getTime() - Date.now()), MAX_TIMEOUT_MS))
        : null;
      close = () => {
        if (closed) return;
        closed = true;
        streams.__openStreams = openStreamCount() - 1;
        leave();
        if (expiry) clearTimeout(expiry);
        signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
        onClose?.();
      };
      if (signal.aborted) return close();
      signal.addEventListener("abort", close);
      // The retry hint and a first event flush the headers, so the browser's `open` fires now.
      send(`retry: ${RETRY_MS}\n`);
      send(formatEvent(STREAM_EVENTS.ready, { at: new Date().toISOString() }));
    },
    cancel() {
      close();
    },
  });
}
