// Failed sign-ins are limited so that nobody can lock an operator out:
// - per account and client address: 5 failures in 15 minutes, then that address waits for that
//   account. An attacker elsewhere cannot use up an operator's attempts.
// - per client address: 20 failures an hour over all accounts (one address guessing many accounts).
// There is no limit per account alone or over all clients: anyone could exhaust it. A valid one-time
// link is never limited (lib/auth/login.ts). The client address comes from lib/net/client-address.ts
// (X-Forwarded-For believed only through TRUSTED_PROXIES). Counters live in the database
// (rate-limiter-flexible's Prisma store, table rate_limits), so instances on PostgreSQL share them
// and a restart does not reset them.
import {
  RateLimiterMemory,
  RateLimiterPrisma,
  type RateLimiterAbstract,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import { trustedProxies } from "../config";
import { clientAddress } from "../net/client-address";
import type { Db } from "../db/client";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export const PAIR_LIMIT = { points: 5, duration: 15 * 60 } as const;
export const CLIENT_LIMIT = { points: 20, duration: 60 * 60 } as const;

type Limiter = RateLimiterAbstract | RateLimiterStoreAbstract;

/** The key of a sign-in account: an operator's email (lower case). */
const pairKey = (account: string, client: string) => `${account.toLowerCase()}|${client}`;

export class LoginThrottle {
  constructor(
    private readonly pair: Limiter,
    private readonly client: Limiter,
  ) {}

  /** May this client try this account now? */
  async check(account: string, client: string): Promise<RateDecision> {
    const [pair, perClient] = await Promise.all([this.pair.get(pairKey(account, client)), this.client.get(client)]);
    const waits = [
      pair && pair.consumedPoints >= PAIR_LIMIT.points ? pair.msBeforeNext : 0,
      perClient && perClient.consumedPoints >= CLIENT_LIMIT.points ? perClient.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } : { allowed: true };
  }

  /** A wrong password for an account (or, with account null, a refused link): counts against the client. */
  async fail(account: string | null, client: string): Promise<void> {
    await Promise.all([
      account === null ? null : this.pair.penalty(pairKey(account, client)),
      this.client.penalty(client),
    ]);
  }

  /** A successful sign-in clears that account's failures from that address. */
  async succeed(account: string, client: string): Promise<void> {
    await this.pair.delete(pairKey(account, client));
  }
}

/** Counters in one process only (unit tests). */
export function memoryThrottle(): LoginThrottle {
  return new LoginThrottle(
    new RateLimiterMemory({ ...PAIR_LIMIT, keyPrefix: "pair" }),
    new RateLimiterMemory({ ...CLIENT_LIMIT, keyPrefix: "client" }),
  );
}

/** Counters in the database (rate_limits), shared by every instance using it. */
export function databaseThrottle(prisma: Db): LoginThrottle {
  const options = { storeClient: prisma, tableName: "rateLimit" } as const;
  return new LoginThrottle(
    new RateLimiterPrisma({ ...options, ...PAIR_LIMIT, keyPrefix: "pair" }),
    new RateLimiterPrisma({ ...options, ...CLIENT_LIMIT, keyPrefix: "client" }),
  );
}

const holder = globalThis as unknown as { __loginThrottle?: { prisma: Db; throttle: LoginThrottle } };

/** The process's throttle for the database in use (one per Prisma client). */
export function loginThrottle(prisma: Db): LoginThrottle {
  if (holder.__loginThrottle?.prisma !== prisma)
    holder.__loginThrottle = { prisma, throttle: databaseThrottle(prisma) };
  return holder.__loginThrottle.throttle;
}

/** The client's address for the limiter (lib/net/client-address.ts); "unknown" only when no address reached us at all. */
export function clientKey(request: Request): string {
  return clientAddress(request.headers.get("x-forwarded-for"), trustedProxies()) ?? "unknown";
}
