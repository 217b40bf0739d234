// Is the database answering? For /api/health (public: says nothing but up/down and the provider).
import { database } from "../db/client";

export type Health = { ok: boolean; database: "up" | "down"; provider: string };

export async function health(timeoutMs = 2000): Promise<Health> {
  let provider = "unknown";
  try {
    const db = database();
    provider = db.provider;
    const probe = (async () => {
      await db.ready;
      await db.prisma.$queryRawUnsafe("SELECT 1");
    })();
    await Promise.race([probe, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs).unref())]);
    return { ok: true, database: "up", provider };
  } catch {
    return { ok: false, database: "down", provider };
  }
}
