// Many open streams on one instance (issue 15: 2,000 operator streams at 300 deliveries/s): the
// streams share one bus subscription and one heartbeat timer, and each batch window reaches a stream
// as one summary event, so neither the work per notice nor the bytes per stream grow with the
// notices of a window.
import { afterEach, describe, expect, it, vi } from "vitest";
import { publishLocal } from "@/lib/live/bus";
import { FLUSH_MS, MAX_WINDOW_MS, WRITES_PER_SECOND, WRITES_PER_TURN } from "@/lib/live/fanout";
import type { StreamSummary } from "@/lib/live/protocol";
import { liveStream, openLiveStream, operatorFilter } from "@/lib/live/sse";
import { liveListeners, readUntil } from "../helpers/sse";

const STREAMS = 200;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("fan-out to many streams", () => {
  const aborts: AbortController[] = [];
  afterEach(() => {
    for (const abort of aborts.splice(0)) abort.abort();
  });

  async function openStreams(n: number) {
    const readers = Array.from({ length: n }, () => {
      const abort = new AbortController();
      aborts.push(abort);
      return liveStream({ filter: operatorFilter, signal: abort.signal }).getReader();
    });
    for (const reader of readers) await readUntil(reader, (t) => t.includes("event: ready"), 2000);
    return readers;
  }

  it("subscribes to the bus once and keeps one heartbeat timer, however many streams are open", async () => {
    const listenersBefore = liveListeners();
    const timersBefore = timers();
    await openStreams(STREAMS);
    expect(liveListeners() - listenersBefore).toBe(1);
    expect(timers() - timersBefore).toBe(1);
    for (const abort of aborts.splice(0)) abort.abort();
    expect(liveListeners()).toBe(listenersBefore);
    expect(timers()).toBe(timersBefore);
  });

  it("writes each stream the same bounded bytes per window, however many notices the window held", async () => {
    const readers = await openStreams(50);
    const windowBytes: number[] = [];
    for (const notices of [1, 10, 300]) {
      for (let i = 0; i < notices; i++)
        publishLocal({ kind: "event", vendor: "inkbox", entityType: "mail", entityUid: `sender${i}@mail.test` });
      const sizes = new Set<number>();
      for (const reader of readers) sizes.add((await reader.read()).value!.length);
      expect(sizes.size).toBe(1); // the same chunk for every stream of a filter
      windowBytes.push([...sizes][0]);
    }
    // Only the digits of the count and ids may differ between a window of 1 and one of 300 notices.
    expect(Math.max(...windowBytes) - Math.min(...windowBytes)).toBeLessThanOrEqual(8);
    expect(Math.max(...windowBytes)).toBeLessThan(512);
  });

  it("writes a burst of notices to every stream as one summary: the last notice and how many", async () => {
    const readers = await openStreams(STREAMS);
    const before = Date.now();
    for (let i = 0; i < 10; i++) publishLocal({ kind: "event", entityType: "mailbox", entityUid: `MBX-burst-${i}` });
    for (const reader of readers) {
      const text = new TextDecoder().decode((await reader.read()).value);
      expect(text.match(/event: /g)).toHaveLength(1);
      const [, id, data] = /^id: (\d+)\nevent: change\ndata: (.*)\n\n$/.exec(text)!;
      const summary = JSON.parse(data) as StreamSummary;
      expect(summary).toMatchObject({ count: 10, last: { id: Number(id), entityUid: "MBX-burst-9" } });
      expect(summary.at).toBeGreaterThanOrEqual(before);
    }
  });

  it("sends a resync of the window as its own event, after the window's summary", async () => {
    const [reader] = await openStreams(1);
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-before" });
    publishLocal({ kind: "resync" });
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-after" });
    const text = new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(
      /^id: \d+\nevent: change\ndata: \{"count":2,.*"MBX-after".*\n\nid: \d+\nevent: resync\ndata: \{"id":\d+,"kind":"resync"\}\n\n$/,
    );
  });
});

describe("window spacing", () => {
  afterEach(() => void vi.useRealTimers());

  it("writes a notice after a quiet moment at once, and windows at least FLUSH_MS apart", async () => {
    vi.useFakeTimers({ now: Date.now() + 60_000 }); // well after any window of the tests above
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    const close = openLiveStream(
      { filter: operatorFilter },
      { write: (bytes) => void chunks.push(decoder.decode(bytes)), end: () => {} },
    );
    chunks.length = 0; // the retry hint and ready event
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-quiet" });
    await vi.advanceTimersByTimeAsync(0);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toContain('"count":1');
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-soon-1" });
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-soon-2" });
    await vi.advanceTimersByTimeAsync(FLUSH_MS - 1);
    expect(chunks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toMatch(/"count":2,.*"MBX-soon-2"/);
    close();
  });
});

describe("writes a second", () => {
  afterEach(() => void vi.useRealTimers());

  it("stay within WRITES_PER_SECOND however many streams: with many, the windows get longer", async () => {
    vi.useFakeTimers({ now: Date.now() + 120_000 });
    const streams = 1000;
    let writes = 0;
    const closes = Array.from({ length: streams }, () =>
      openLiveStream({ filter: operatorFilter }, { write: () => void (writes += 1), end: () => {} }),
    );
    writes = 0; // the ready events
    for (let ms = 0; ms < 1000; ms += 10) {
      publishLocal({ kind: "event", entityType: "mailbox", entityUid: `MBX-steady-${ms}` });
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(writes).toBeGreaterThanOrEqual(2 * streams); // notices do go out
    expect(writes).toBeLessThanOrEqual(WRITES_PER_SECOND + streams); // plus the first window, at once
    for (const close of closes) close();
  });
});

describe("the window's length", () => {
  afterEach(() => void vi.useRealTimers());

  it("never passes MAX_WINDOW_MS, however many streams: a page must show a change within a second", async () => {
    vi.useFakeTimers({ now: Date.now() + 240_000 });
    const streams = 10_000; // WRITES_PER_SECOND alone would space their windows 2 s apart
    let writes = 0;
    const closes = Array.from({ length: streams }, () =>
      openLiveStream({ filter: operatorFilter }, { write: () => void (writes += 1), end: () => {} }),
    );
    writes = 0; // the ready events
    for (let ms = 0; ms <= 1000 + MAX_WINDOW_MS / 2; ms += 10) {
      publishLocal({ kind: "event", entityType: "mailbox", entityUid: `MBX-many-${ms}` });
      await vi.advanceTimersByTimeAsync(10);
    }
    // The first window at once, then one at most every MAX_WINDOW_MS (500 ms): at least 3 by 1.25 s.
    expect(writes).toBeGreaterThanOrEqual(3 * streams);
    for (const close of closes) close();
  });
});

describe("a window to many streams", () => {
  const decoder = new TextDecoder();
  const idOf = (chunk: string) => Number(/^id: (\d+)/.exec(chunk)![1]);

  it("is written WRITES_PER_TURN streams per turn of the event loop, not all in one", async () => {
    const streams = 4 * WRITES_PER_TURN;
    let writes = 0;
    let firstTurn: number | undefined;
    const closes = Array.from({ length: streams }, () =>
      openLiveStream(
        { filter: operatorFilter },
        {
          write: () => {
            writes += 1;
            // Runs once the turn that made the first write is over.
            if (firstTurn === undefined) queueMicrotask(() => void (firstTurn ??= writes));
          },
          end: () => {},
        },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, MAX_WINDOW_MS)); // the ready events' turn is over
    writes = 0;
    firstTurn = undefined;
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-sliced" });
    await vi.waitFor(() => expect(writes).toBe(streams), { timeout: 2000 });
    expect(firstTurn).toBe(WRITES_PER_TURN);
    for (const close of closes) close();
  });

  it("holds a notice that comes while a window is being written for the next window: every stream gets both, in order", async () => {
    const streams = 4 * WRITES_PER_TURN;
    const log: { stream: number; id: number }[] = [];
    let published = false;
    const closes = Array.from({ length: streams }, (_, stream) =>
      openLiveStream(
        { filter: operatorFilter },
        {
          write: (bytes) => {
            const text = decoder.decode(bytes);
            if (!text.includes("event: change")) return;
            log.push({ stream, id: idOf(text) });
            if (!published) {
              published = true; // the first window is being written: a second notice now
              publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-second" });
            }
          },
          end: () => {},
        },
      ),
    );
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-first" });
    await vi.waitFor(() => expect(log).toHaveLength(2 * streams), { timeout: 5000 });
    const [first, second] = [...new Set(log.map((l) => l.id))];
    expect(second).toBeGreaterThan(first);
    const lastOfFirst = log.findLastIndex((l) => l.id === first);
    const firstOfSecond = log.findIndex((l) => l.id === second);
    expect(lastOfFirst).toBeLessThan(firstOfSecond); // windows never overlap
    for (let stream = 0; stream < streams; stream++)
      expect(log.filter((l) => l.stream === stream).map((l) => l.id)).toEqual([first, second]);
    for (const close of closes) close();
  });

  it("does not write to a stream that left while its window was being written", async () => {
    const streams = 4 * WRITES_PER_TURN;
    const written = new Array<number>(streams).fill(0);
    const closes: (() => void)[] = [];
    for (let stream = 0; stream < streams; stream++)
      closes.push(
        openLiveStream(
          { filter: operatorFilter },
          {
            write: (bytes) => {
              if (!decoder.decode(bytes).includes("event: change")) return;
              written[stream] += 1;
              if (stream === 0) closes[streams - 1](); // the last stream leaves during the first slice
            },
            end: () => {},
          },
        ),
      );
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-leaving" });
    await vi.waitFor(() => expect(written.slice(0, -1).every((n) => n === 1)).toBe(true), { timeout: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written[streams - 1]).toBe(0);
    for (const close of closes) close();
  });
});

describe("a client that stops reading", () => {
  it("is let go once its unread bytes pass MAX_UNREAD_BYTES (it reconnects and refetches), and only it", async () => {
    const { openLiveStream, openStreamCount, MAX_UNREAD_BYTES } = await import("@/lib/live/sse");
    // Two node:http-like outputs: one drains everything at once, one never reads (its bytes pile up).
    const output = (reads: boolean) => {
      const o = { unread: 0, ended: false };
      return Object.assign(o, {
        write: (bytes: Uint8Array) => void (reads || (o.unread += bytes.length)),
        end: () => void (o.ended = true),
        unreadBytes: () => o.unread,
      });
    };
    const reading = output(true);
    const stalled = output(false);
    const before = openStreamCount();
    const closeReading = openLiveStream({ filter: operatorFilter }, reading);
    openLiveStream({ filter: operatorFilter }, stalled);
    expect(openStreamCount()).toBe(before + 2);

    // One summary a window, so a long uid makes each window's bytes count.
    const uid = "MBX-" + "x".repeat(6000);
    for (let flushes = 0; !stalled.ended && flushes < 200; flushes++) {
      publishLocal({ kind: "event", entityType: "mailbox", entityUid: uid });
      await new Promise((resolve) => setTimeout(resolve, 110)); // one fan-out window
    }
    expect(stalled.ended).toBe(true);
    expect(stalled.unread).toBeGreaterThan(MAX_UNREAD_BYTES);
    expect(stalled.unread).toBeLessThan(MAX_UNREAD_BYTES + 64 * 1024); // let go at the first window past it
    expect(reading.ended).toBe(false);
    expect(openStreamCount()).toBe(before + 1);
    closeReading();
    expect(openStreamCount()).toBe(before);
  }, 30_000);
});
