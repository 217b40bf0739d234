// The change stream's wire vocabulary, shared by the server (lib/live/fanout.ts, lib/live/sse.ts)
// and the browser (components/live). Type-only imports: safe in a client bundle.
import type { ChangeNotice } from "./notice";

export const STREAM_EVENTS = { change: "change", resync: "resync", ready: "ready" } as const;

/** One notice as a stream's filter lets it through: ids and kinds only, never row contents. */
export type StreamNotice = ChangeNotice & { id: number };

/**
 * The data of a `change` event: what one batch window held for a stream (lib/live/fanout.ts). A
 * browser only needs "something changed, revalidate", so a window of 300 notices costs a stream
 * the same bytes as a window of one. The SSE `id:` is `last.id`.
 */
export type StreamSummary = {
  /** Notices the window held for this stream (a `resync` is sent as an event of its own). */
  count: number;
  /** The server's clock (epoch ms) when the window was written: it covers every notice published before. */
  at: number;
  /** The window's last notice. */
  last: StreamNotice;
};
