// What was sent and what was answered, per dedupe key, checked against what the database holds:
// every delivery answered 2xx is stored, exactly once (one row per key), its duplicate_count lies
// between its 2xx answers and its attempts, and nothing is stored that was never sent.
import { openDatabase } from "@/lib/db/client";
import type { Answer } from "./http";

export class Ledger {
  private keys = new Map<string, { attempts: number; ok: number }>();

  record(key: string, answer: Answer): void {
    const entry = this.keys.get(key) ?? { attempts: 0, ok: 0 };
    entry.attempts += 1;
    if (answer.status >= 200 && answer.status < 300) entry.ok += 1;
    this.keys.set(key, entry);
  }

  get acknowledged(): number {
    return [...this.keys.values()].filter((k) => k.ok > 0).length;
  }

  async check(
    url: string,
  ): Promise<{ ok: boolean; detail: string; lost: number; miscounted: number; unknown: number }> {
    const db = openDatabase(url);
    let rows: { dedupe_key: string; duplicate_count: bigint | number }[];
    try {
      await db.ready;
      rows = await db.prisma.$queryRawUnsafe(`SELECT "dedupe_key", "duplicate_count" FROM "webhook_events"`);
    } finally {
      await db.prisma.$disconnect();
    }
    const stored = new Map(rows.map((r) => [r.dedupe_key, Number(r.duplicate_count)]));
    let lost = 0;
    let miscounted = 0;
    for (const [key, { attempts, ok }] of this.keys) {
      const count = stored.get(key);
      if (ok > 0 && count === undefined) lost += 1;
      else if (count !== undefined && (count < ok || count > attempts)) miscounted += 1;
    }
    const unknown = [...stored.keys()].filter((key) => !this.keys.has(key)).length;
    const doubled = rows.length - stored.size;
    const ok = lost === 0 && miscounted === 0 && unknown === 0 && doubled === 0;
    return {
      ok,
      lost,
      miscounted,
      unknown,
      detail: `${this.acknowledged} deliveries answered 2xx, ${rows.length} rows: ${lost} lost, ${miscounted} with a wrong count, ${unknown} never sent, ${doubled} stored twice`,
    };
  }
}
