// Which instance runs the scheduler. On PostgreSQL a session-level advisory lock held on a
// dedicated connection is the lease: it lasts while that connection lives, so when the instance
// dies (or its connection drops) PostgreSQL releases it and the next instance to try takes over.
// SQLite serves one instance, which always holds it.
import pg from "pg";
import type { Database } from "../db/client";
import { log } from "../log";

/** Arbitrary constant shared by every instance (the migrator uses another). */
export const SCHEDULER_LOCK_KEY = 727_274_12;

export type Lease = {
  /** Whether this instance holds the lease now (tries to take it when it does not). */
  hold: () => Promise<boolean>;
  release: () => Promise<void>;
};

export const alwaysHeld: Lease = { hold: async () => true, release: async () => undefined };

export function advisoryLease(url: string, key = SCHEDULER_LOCK_KEY): Lease {
  let client: pg.Client | null = null;
  let held = false;

  const drop = () => {
    const c = client;
    client = null;
    held = false;
    c?.end().catch(() => undefined);
  };

  return {
    async hold() {
      if (held && client) return true;
      try {
        if (!client) {
          const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
          c.on("error", () => drop()); // a dropped connection has lost the lock with it
          c.on("end", () => {
            if (client === c) drop();
          });
          client = c;
          await c.connect();
        }
        const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [key]);
        held = rows[0]?.ok === true;
        return held;
      } catch (error) {
        log.warn("scheduler lease unavailable", { reason: (error as Error).message });
        drop();
        return false;
      }
    },
    async release() {
      const c = client;
      client = null;
      held = false;
      await c?.end().catch(() => undefined);
    },
  };
}

export function leaseFor(db: Database): Lease {
  return db.provider === "postgresql" ? advisoryLease(db.url) : alwaysHeld;
}
