// Reading what ingestion stored, for assertions.
import type { Database } from "@/lib/db/client";

export const TABLES = [
  "domains",
  "mailboxes",
  "consent_requests",
  "client_id_requests",
  "webhook_events",
  "rejected_deliveries",
] as const;

/** Every row of every table as text: for asserting that something appears nowhere. */
export async function dumpAll(db: Database): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = await db.prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}"`);
    parts.push(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
  }
  return parts.join("\n");
}
