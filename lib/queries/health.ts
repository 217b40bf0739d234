// Liveness and readiness, both public and saying nothing beyond up/down and the provider.
//   health():    the process answers and its database answers a read (/api/health, liveness).
//   readiness(): also, the database accepts writes (/api/health/ready): the last write's outcome,
//                probed with one small write when unknown or failed (lib/db/write-health.ts).
import { database } from "../db/client";
import { writeOutcome } from "../db/write-health";

export type Health = { ok: boolean; database: "up" | "down"; provider: string };
export type Readiness = {
  ready: boolean;
  database: "up" | "down";
  writes: "ok" | "failing" | "unknown";
  provider: string;
};

/** A failed write is probed again at most this often (each readiness check is otherwise free). */
export const WRITE_PROBE_INTERVAL_MS = 2000;

const timeout = (ms: number) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref());

export async function health(timeoutMs = 2000): Promise<Health> {
  let provider = "unknown";
  try {
    const db = database();
    provider = db.provider;
    const probe = (async () => {
      await db.ready;
      await db.prisma.$queryRawUnsafe("SELECT 1");
    })();
    await Promise.race([probe, timeout(timeoutMs)]);
    return { ok: true, database: "up", provider };
  } catch {
    return { ok: false, database: "down", provider };
  }
}

export async function readiness({
  timeoutMs = 2000,
  probeIntervalMs = WRITE_PROBE_INTERVAL_MS,
} = {}): Promise<Readiness> {
  const live = await health(timeoutMs);
  if (!live.ok) return { ready: false, database: "down", writes: "unknown", provider: live.provider };
  try {
    const outcome = await Promise.race([writeOutcome(database(), probeIntervalMs), timeout(timeoutMs)]);
    return { ready: outcome.ok, database: "up", writes: outcome.ok ? "ok" : "failing", provider: live.provider };
  } catch {
    return { ready: false, database: "up", writes: "unknown", provider: live.provider };
  }
}
