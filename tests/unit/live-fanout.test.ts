// Many open streams on one instance (issue 15: 2,000 operator streams at 300 deliveries/s): the
// streams share one bus subscription and one heartbeat timer, and a burst of notices reaches each
// stream as one chunk, so the work per notice does not grow with streams × notices.
import { afterEach, describe, expect, it } from "vitest";
import { publishLocal } from "@/lib/live/bus";
import { liveStream, operatorFilter } from "@/lib/live/sse";
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

  it("writes a burst of notices to every stream, in order, as one chunk", async () => {
    const readers = await openStreams(STREAMS);
    for (let i = 0; i < 10; i++) publishLocal({ kind: "event", entityType: "mailbox", entityUid: `MBX-burst-${i}` });
    for (const reader of readers) {
      const { value } = await reader.read();
      const text = new TextDecoder().decode(value);
      const uids = [...text.matchAll(/"entityUid":"(MBX-burst-\d+)"/g)].map((m) => m[1]);
      expect(uids).toEqual(Array.from({ length: 10 }, (_, i) => `MBX-burst-${i}`));
    }
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

    const uid = "MBX-" + "x".repeat(200);
    for (let flushes = 0; !stalled.ended && flushes < 200; flushes++) {
      for (let i = 0; i < 50; i++) publishLocal({ kind: "event", entityType: "mailbox", entityUid: uid });
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
