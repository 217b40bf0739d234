// Server-Sent Events for change notices: the wire format and one stream per subscriber. Pure apart
// from the live bus it subscribes to. Each notice is an `event: change` with an `id:`; a comment
// line every 15 s keeps proxies from closing an idle connection; the subscription and timers end
// when the client goes away (request aborted), the stream is cancelled, or the server shuts down.
import { onStreamsEnd, subscribe } from "./bus";
import { type ChangeNotice } from "./notice";
import { STREAM_EVENTS, type StreamNotice } from "./protocol";

export { STREAM_EVENTS, type StreamNotice };
export const HEARTBEAT_MS = 15_000;
/** Reconnect hint for EventSource after a dropped connection. */
export const RETRY_MS = 2_000;

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/** Decides what one subscriber may see: a notice to send (possibly narrowed), or null to skip. */
export type NoticeFilter = (notice: ChangeNotice & { id: number }) => StreamNotice | null;

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

export function formatEvent(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
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
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const unsubscribe = subscribe((notice) => {
        const visible = filter(notice);
        if (visible)
          send(
            formatEvent(visible.kind === "resync" ? STREAM_EVENTS.resync : STREAM_EVENTS.change, visible, visible.id),
          );
      });
      const unsubscribeEnd = onStreamsEnd(() => close());
      const heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), heartbeatMs);
      const expiry = until
        ? setTimeout(() => close(), Math.min(Math.max(0, until.getTime() - Date.now()), MAX_TIMEOUT_MS))
        : null;
      close = () => {
        if (closed) return;
        closed = true;
        streams.__openStreams = openStreamCount() - 1;
        unsubscribe();
        unsubscribeEnd();
        clearInterval(heartbeat);
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
