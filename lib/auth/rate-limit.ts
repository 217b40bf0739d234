// Failed-login throttle: at most `limit` failures per key (client IP) in a sliding `windowMs`; the
// next attempt is refused with the seconds to wait. In-process (one instance); the map is bounded
// so a flood of spoofed addresses cannot grow memory without limit.
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class FailureLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** May this key try now? */
  check(key: string): RateDecision {
    const recent = this.recent(key);
    if (recent.length < this.limit) return { allowed: true };
    const retryAt = recent[recent.length - this.limit] + this.windowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - this.now()) / 1000)) };
  }

  fail(key: string): void {
    const recent = this.recent(key);
    if (!this.failures.has(key) && this.failures.size >= this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, [...recent, this.now()]);
  }

  /** A successful login clears the key's failures. */
  succeed(key: string): void {
    this.failures.delete(key);
  }
}

export type LoginLimiters = { perClient: FailureLimiter; overall: FailureLimiter };

/** Failures from all clients together: X-Forwarded-For can be forged where no proxy sets it, so a cap across addresses backs up the per-address one. */
export const OVERALL_FAILURES_PER_MINUTE = 30;

export function newLoginLimiters(now: () => number = Date.now): LoginLimiters {
  return {
    perClient: new FailureLimiter(5, 60_000, 10_000, now),
    overall: new FailureLimiter(OVERALL_FAILURES_PER_MINUTE, 60_000, 1, now),
  };
}

const holder = globalThis as unknown as { __loginLimiters?: LoginLimiters };

/** The process-wide limiters for the login form. */
export function loginLimiters(): LoginLimiters {
  holder.__loginLimiters ??= newLoginLimiters();
  return holder.__loginLimiters;
}

/** The client address as the reverse proxy (or `next start`) reports it. */
export function clientKey(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0].trim();
  return forwarded || request.headers.get("x-real-ip")?.trim() || "unknown";
}
