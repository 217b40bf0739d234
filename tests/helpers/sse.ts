// Reading Server-Sent Events in tests: collect a stream's text until a condition holds (or fail
// after a timeout), and count the live bus's subscribers to prove a stream cleaned up.
export async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  done: (text: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!done(text)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`nothing matching within ${timeoutMs} ms; got ${JSON.stringify(text)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => (timer = setTimeout(() => r(null), remaining))),
    ]).finally(() => clearTimeout(timer)); // no timer left behind (tests count the process's timers)
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

/** Subscribers of the in-process live bus (lib/live/bus.ts keeps it on globalThis): the streams' fan-out is one while any stream is open. */
export function liveListeners(): number {
  const bus = (globalThis as unknown as { __liveBus?: { emitter: { listenerCount(event: string): number } } })
    .__liveBus;
  return bus?.emitter.listenerCount("notice") ?? 0;
}
