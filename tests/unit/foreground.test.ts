// Background work (the scheduler's round, retention) gives way to requests in flight at each yield,
// for at most MAX_GIVE_WAY_MS; a request's own yields never wait (lib/server/foreground.ts).
import { describe, expect, it, vi } from "vitest";
import { breathe, inBackground, MAX_GIVE_WAY_MS, requestStarted } from "@/lib/server/foreground";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Which comes first: `work` resuming, or the request in flight answered 20 ms after it started. */
async function orderOf(work: () => Promise<void>, answer: () => void): Promise<string[]> {
  const steps: string[] = [];
  const resumed = work().then(() => void steps.push("work resumed"));
  await sleep(20);
  steps.push("request answered");
  answer();
  await resumed;
  return steps;
}

describe("background work gives way to requests", () => {
  it("waits at a yield until the request in flight is answered", async () => {
    const work = () =>
      inBackground(async () => {
        await sleep(1); // the context survives awaits (a statement, a timer) inside the work
        await breathe();
      });
    expect(await orderOf(work, requestStarted())).toEqual(["request answered", "work resumed"]);
  });

  it("waits at most MAX_GIVE_WAY_MS while requests keep coming", async () => {
    const answered = requestStarted();
    const started = performance.now();
    await inBackground(breathe);
    expect(performance.now() - started).toBeGreaterThanOrEqual(MAX_GIVE_WAY_MS - 2);
    answered();
  });

  it("does not wait when nothing is in flight", async () => {
    expect(
      await orderOf(
        () => inBackground(breathe),
        () => {},
      ),
    ).toEqual(["work resumed", "request answered"]);
  });

  it("a request's own yields do not wait for other requests", async () => {
    expect(await orderOf(breathe, requestStarted())).toEqual(["work resumed", "request answered"]);
  });

  it("counts an answered request once, however often its end is reported", async () => {
    const first = requestStarted();
    first();
    first();
    expect(await orderOf(() => inBackground(breathe), requestStarted())).toEqual(["request answered", "work resumed"]);
  });

  it("one state for every copy of the module: the HTTP server's counts reach the bundle's rounds", async () => {
    // `npm start` loads the module for lib/cli/serve.ts and again inside Next's bundle (instrumentation.ts
    // starts the scheduler there): two module instances.
    vi.resetModules();
    const bundled = await import("@/lib/server/foreground");
    expect(bundled.breathe).not.toBe(breathe); // a second instance indeed
    expect(await orderOf(() => bundled.inBackground(bundled.breathe), requestStarted())).toEqual([
      "request answered",
      "work resumed",
    ]);
  });
});
