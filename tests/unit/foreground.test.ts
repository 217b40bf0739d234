// Background work (the scheduler's round, retention) gives way to requests in flight at each yield,
// for at most MAX_GIVE_WAY_MS; a request's own yields never wait (lib/server/foreground.ts).
import { describe, expect, it } from "vitest";
import { breathe, inBackground, MAX_GIVE_WAY_MS, requestStarted } from "@/lib/server/foreground";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("background work gives way to requests", () => {
  it("waits at a yield until the request in flight is answered", async () => {
    const answered = requestStarted();
    const steps: string[] = [];
    const work = inBackground(async () => {
      await sleep(1); // the context survives awaits (a statement, a timer) inside the work
      await breathe();
      steps.push("background resumed");
    });
    await sleep(20);
    steps.push("request answered");
    answered();
    await work;
    expect(steps).toEqual(["request answered", "background resumed"]);
  });

  it("waits at most MAX_GIVE_WAY_MS while requests keep coming", async () => {
    const answered = requestStarted();
    const started = performance.now();
    await inBackground(breathe);
    expect(performance.now() - started).toBeGreaterThanOrEqual(MAX_GIVE_WAY_MS - 2);
    answered();
  });

  it("does not wait when nothing is in flight", async () => {
    const steps: string[] = [];
    const work = inBackground(async () => {
      await breathe();
      steps.push("background resumed");
    });
    await sleep(20);
    steps.push("20 ms later");
    await work;
    expect(steps).toEqual(["background resumed", "20 ms later"]);
  });

  it("a request's own yields do not wait for other requests", async () => {
    const other = requestStarted();
    const steps: string[] = [];
    const read = (async () => {
      await breathe();
      steps.push("read resumed");
    })();
    await sleep(20);
    steps.push("other answered");
    other();
    await read;
    expect(steps).toEqual(["read resumed", "other answered"]);
  });

  it("counts an answered request once, however often its end is reported", async () => {
    const first = requestStarted();
    first();
    first();
    const second = requestStarted();
    const steps: string[] = [];
    const work = inBackground(async () => {
      await breathe();
      steps.push("background resumed");
    });
    await sleep(20);
    steps.push("second answered");
    second();
    await work;
    expect(steps).toEqual(["second answered", "background resumed"]);
  });
});
