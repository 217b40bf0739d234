// Sending for the chaos suite: one POST or GET with its latency and outcome (a status, or why there
// was none), a small worker pool, and the rule every scenario applies to every answer.
export const ANSWER_WITHIN_MS = 10_000;

export type Answer = { status: number; ms: number; retryAfter: string | null; error?: string };

export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers: init.headers,
      body: init.body ? new Uint8Array(init.body) : undefined,
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    await response.arrayBuffer();
    return {
      status: response.status,
      ms: performance.now() - started,
      retryAfter: response.headers.get("retry-after"),
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { status: 0, ms: performance.now() - started, retryAfter: null, error: e.cause?.code ?? e.name };
  }
}

/** A 5xx the receiver does not mean: anything but 503 with Retry-After (database unavailable, retry later). */
export const unexpected5xx = (a: Answer) => a.status >= 500 && !(a.status === 503 && a.retryAfter !== null);

/** Runs `work` over `items` with `concurrency` workers. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function summary(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN);
  return { p50: at(50), p99: at(99), max: Math.round(sorted[sorted.length - 1] ?? NaN) };
}
