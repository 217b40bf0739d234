import { describe, expect, it, vi } from "vitest";
import { publishLocal } from "@/lib/live/bus";
import { formatEvent, liveStream, operatorFilter, workspaceFilter } from "@/lib/live/sse";
import { liveListeners, readUntil } from "../helpers/sse";

describe("SSE wire format", () => {
  it("writes id, event and one-line JSON data, ending with a blank line", () => {
    expect(formatEvent("change", { a: 1 }, 7)).toBe('id: 7\nevent: change\ndata: {"a":1}\n\n');
    expect(formatEvent("ready", {})).toBe("event: ready\ndata: {}\n\n");
  });
});

describe("notice filters", () => {
  const notice = {
    id: 3,
    kind: "event" as const,
    vendor: "inboxkit",
    entityType: "consent_request",
    entityUid: "CNS-1",
    workspaceId: "ws-a",
    outcome: "applied",
  };

  it("gives operators the whole notice", () => {
    expect(operatorFilter(notice)).toEqual({ ...notice, eventId: undefined });
  });

  it("gives a customer only its workspace's notices, reduced to id, kind and entity type", () => {
    expect(workspaceFilter("ws-a")(notice)).toEqual({ id: 3, kind: "event", entityType: "consent_request" });
    expect(workspaceFilter("ws-b")(notice)).toBeNull();
    expect(workspaceFilter("ws-a")({ id: 4, kind: "rejected", vendor: "inboxkit" })).toBeNull();
    expect(workspaceFilter("ws-a")({ id: 5, kind: "resync" })).toEqual({ id: 5, kind: "resync" });
  });
});

describe("liveStream", () => {
  it("opens with a retry hint and a ready event, then summarises matching notices with ids", async () => {
    const abort = new AbortController();
    const reader = liveStream({ filter: workspaceFilter("ws-live"), signal: abort.signal }).getReader();
    expect(await readUntil(reader, (t) => t.includes("event: ready"), 2000)).toMatch(/^retry: \d+\n/);
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-x", workspaceId: "ws-other" });
    publishLocal({ kind: "event", entityType: "mailbox", entityUid: "MBX-1", workspaceId: "ws-live" });
    const text = await readUntil(reader, (t) => t.includes("event: change"), 2000);
    expect(text).toMatch(
      /id: (\d+)\nevent: change\ndata: \{"count":1,"at":\d+,"last":\{"id":\1,"kind":"event","entityType":"mailbox"\}\}\n\n/,
    );
    expect(text).not.toContain("MBX");
    abort.abort();
  });

  it("sends a heartbeat comment on its interval", async () => {
    const abort = new AbortController();
    const reader = liveStream({ filter: operatorFilter, signal: abort.signal, heartbeatMs: 30 }).getReader();
    expect(await readUntil(reader, (t) => t.includes(": heartbeat"), 2000)).toContain(": heartbeat ");
    abort.abort();
  });

  it("unsubscribes and clears its timers when the client goes away", async () => {
    const before = liveListeners();
    const abort = new AbortController();
    const onClose = vi.fn();
    const reader = liveStream({ filter: operatorFilter, signal: abort.signal, heartbeatMs: 10, onClose }).getReader();
    await readUntil(reader, (t) => t.includes("event: ready"), 2000);
    expect(liveListeners()).toBe(before + 1);
    abort.abort();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(liveListeners()).toBe(before);
    expect((await reader.read()).done).toBe(true);
    publishLocal({ kind: "event", workspaceId: "ws" }); // no enqueue on a closed stream: must not throw
  });

  it("also cleans up when the reader cancels, and closes at the link's expiry", async () => {
    const before = liveListeners();
    const cancelled = liveStream({ filter: operatorFilter, signal: new AbortController().signal }).getReader();
    await cancelled.cancel();
    expect(liveListeners()).toBe(before);

    const onClose = vi.fn();
    const expiring = liveStream({
      filter: operatorFilter,
      signal: new AbortController().signal,
      until: new Date(Date.now() + 50),
      onClose,
    }).getReader();
    await readUntil(expiring, () => false, 1000).catch(() => undefined);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(liveListeners()).toBe(before);
  });
});
