// Fan-out of change notices to an instance's open streams, shared by all of them: one subscription
// to the live bus, one heartbeat timer per interval, and per filter one summary of each batch
// window. Every stream of a filter receives ONE `change` event per window (StreamSummary: the
// window's last notice, how many it held, when it was written; the same bytes for all of them) and,
// if one came, one `resync`. A browser only uses a notice as "revalidate", so the bytes per stream
// do not follow the delivery rate, and the work per notice does not grow with the streams.
// Windows are written at least FLUSH_MS apart, and further apart past 500 streams, so that the
// writes stay under WRITES_PER_SECOND (2,000 streams: a window every 400 ms), up to MAX_WINDOW_MS
// (past 2,500 streams the latency budget wins over the write cap): a write costs the
// server CPU whatever its size, and at ten windows a second 2,000 streams took about a fifth of a
// core (bench: soak stage with BENCH_SSE_STREAMS, README). A notice after a quiet moment goes out on
// the next turn of the event loop (with whatever else was published in that turn). A window is
// written WRITES_PER_TURN streams per turn of the event loop, and the next window waits until it is
// all written, so windows never pile up when the CPU is short.
import { ensureTransport, onStreamsEnd, subscribe } from "./bus";
import type { ChangeNotice } from "./notice";
import { STREAM_EVENTS, type StreamNotice, type StreamSummary } from "./protocol";

/** The least time between two windows (more with many streams: WRITES_PER_SECOND); a notice waits at most one window. */
export const FLUSH_MS = 100;
/** Stream writes a second the fan-out allows itself (each costs the server 5-11 µs of CPU): past 500 streams the windows get longer. */
export const WRITES_PER_SECOND = 5000;
/**
 * The longest a window gets, however many streams: a change must show on an open page within a
 * second (this, the browser's refetch and its render), so past 2,500 streams the write cap gives way.
 */
export const MAX_WINDOW_MS = 500;
/**
 * Streams written per turn of the event loop: one window written to 2,000 streams in one turn held
 * the loop for about 54 ms (soak profile at load 8-15), and every delivery arriving meanwhile waited.
 */
export const WRITES_PER_TURN = 250;

/** Decides what one subscriber may see: a notice to send (possibly narrowed), or null to skip. */
export type NoticeFilter = (notice: ChangeNotice & { id: number }) => StreamNotice | null;

/** One open stream, as the fan-out sees it. */
export type Sink = { write(bytes: Uint8Array): void; close(): void };

export function formatEvent(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A filter's streams and what the current window holds for them. */
type Group = { sinks: Set<Sink>; last: StreamNotice | null; count: number; resync: StreamNotice | null };
/** One window's bytes for one filter, and the streams still to write them to. */
type Pending = { bytes: Uint8Array; sinks: Set<Sink>; queue: Sink[]; next: number };

type Heartbeat = { sinks: Set<Sink>; timer: ReturnType<typeof setInterval> };
type State = {
  groups: Map<NoticeFilter, Group>;
  heartbeats: Map<number, Heartbeat>;
  flush: ReturnType<typeof setTimeout> | null;
  /** The window still being written (in slices), if one is: the next one waits for it. */
  writing: Pending[] | null;
  /** When the last window was written (epoch ms). */
  flushedAt: number;
  streams: number;
  unsubscribe: (() => void) | null;
};

const encoder = new TextEncoder();
const state: State = {
  groups: new Map(),
  heartbeats: new Map(),
  flush: null,
  writing: null,
  flushedAt: 0,
  streams: 0,
  unsubscribe: null,
};

/** A window's events for one filter, and the window emptied: its summary, then its resync. */
function windowEvents(group: Group, at: number): string {
  let text = "";
  if (group.last) {
    const summary: StreamSummary = { count: group.count, at, last: group.last };
    text += formatEvent(STREAM_EVENTS.change, summary, group.last.id);
  }
  if (group.resync) text += formatEvent(STREAM_EVENTS.resync, group.resync, group.resync.id);
  group.last = group.resync = null;
  group.count = 0;
  return text;
}

function flush(): void {
  state.flush = null;
  const at = (state.flushedAt = Date.now());
  const pending: Pending[] = [];
  for (const group of state.groups.values()) {
    const text = windowEvents(group, at);
    if (text) pending.push({ bytes: encoder.encode(text), sinks: group.sinks, queue: [...group.sinks], next: 0 });
  }
  state.writing = pending;
  writeSlice(pending);
}

/** Writes WRITES_PER_TURN streams of the window, then the rest on the next turns; then the next window. */
function writeSlice(pending: Pending[]): void {
  let budget = WRITES_PER_TURN;
  while (pending.length && budget > 0) {
    const p = pending[0];
    for (; p.next < p.queue.length && budget > 0; p.next++, budget--) {
      const sink = p.queue[p.next];
      if (p.sinks.has(sink)) sink.write(p.bytes); // not one that left meanwhile
    }
    if (p.next === p.queue.length) pending.shift();
  }
  if (pending.length) {
    setImmediate(() => writeSlice(pending));
    return;
  }
  if (state.writing !== pending) return; // every stream left meanwhile: a later window is not this one's to start
  state.writing = null;
  for (const group of state.groups.values()) if (group.last || group.resync) return scheduleFlush();
}

/** The next window: at once after a quiet moment, else a window's length after the last one. */
function scheduleFlush(): void {
  const windowMs = Math.min(MAX_WINDOW_MS, Math.max(FLUSH_MS, (state.streams * 1000) / WRITES_PER_SECOND));
  // Clamped: a clock set back must not hold the notices for longer than a window.
  state.flush = setTimeout(flush, Math.min(windowMs, Math.max(0, state.flushedAt + windowMs - Date.now())));
}

function onNotice(notice: ChangeNotice & { id: number }): void {
  let queued = false;
  for (const [filter, group] of state.groups) {
    const visible = filter(notice);
    if (!visible) continue;
    if (visible.kind === "resync") group.resync = visible;
    else {
      group.last = visible;
      group.count += 1;
    }
    queued = true;
  }
  if (queued && !state.flush && !state.writing) scheduleFlush();
}

function endAll(): void {
  for (const group of [...state.groups.values()]) for (const sink of [...group.sinks]) sink.close();
}

/**
 * Adds a stream with its filter and heartbeat interval; returns its removal. The bus subscription
 * and the heartbeat timers exist only while some stream needs them.
 */
export function joinFanout(filter: NoticeFilter, heartbeatMs: number, sink: Sink): () => void {
  if (state.unsubscribe)
    ensureTransport(); // on PostgreSQL: the LISTEN of the current DATABASE_URL
  else {
    const unsubscribeNotices = subscribe(onNotice);
    const unsubscribeEnd = onStreamsEnd(endAll);
    state.unsubscribe = () => {
      unsubscribeNotices();
      unsubscribeEnd();
    };
  }
  let group = state.groups.get(filter);
  if (!group) state.groups.set(filter, (group = { sinks: new Set(), last: null, count: 0, resync: null }));
  group.sinks.add(sink);
  state.streams += 1;
  let heartbeat = state.heartbeats.get(heartbeatMs);
  if (!heartbeat) {
    const sinks = new Set<Sink>();
    const timer = setInterval(() => {
      const bytes = encoder.encode(`: heartbeat ${new Date().toISOString()}\n\n`);
      for (const s of sinks) s.write(bytes);
    }, heartbeatMs);
    state.heartbeats.set(heartbeatMs, (heartbeat = { sinks, timer }));
  }
  heartbeat.sinks.add(sink);

  return () => {
    if (group.sinks.delete(sink)) state.streams -= 1;
    if (group.sinks.size === 0) state.groups.delete(filter);
    heartbeat.sinks.delete(sink);
    if (heartbeat.sinks.size === 0) {
      clearInterval(heartbeat.timer);
      state.heartbeats.delete(heartbeatMs);
    }
    if (state.groups.size === 0) {
      state.unsubscribe?.();
      state.unsubscribe = null;
      if (state.flush) clearTimeout(state.flush);
      state.flush = null;
      state.writing = null;
    }
  };
}

/** Streams joined now, and the timers they use (for tests: the count of timers must not grow with streams). */
export function fanoutSize(): { streams: number; heartbeatTimers: number; subscribed: boolean } {
  let streams = 0;
  for (const group of state.groups.values()) streams += group.sinks.size;
  return { streams, heartbeatTimers: state.heartbeats.size, subscribed: state.unsubscribe !== null };
}
