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
