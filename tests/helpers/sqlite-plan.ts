// What the app's SQLite connection prepares and how SQLite would run it: tests that check a read is
// served by an index (not by reading every row) look at the plan of the very statement Prisma sent.
import { vi } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { sqlitePath } from "@/lib/db/provider";

/** Records every statement better-sqlite3 prepares from now on (vi.restoreAllMocks ends it). */
export function recordPrepared(): string[] {
  const prepared: string[] = [];
  const prepare = BetterSqlite3.prototype.prepare;
  vi.spyOn(BetterSqlite3.prototype, "prepare").mockImplementation(function (this: BetterSqlite3.Database, sql) {
    prepared.push(sql);
    return prepare.call(this, sql);
  });
  return prepared;
}

/** EXPLAIN QUERY PLAN of `sql` on the database at `url` (parameters bound as NULL), one step a line. */
export function sqlitePlan(url: string, sql: string): string {
  const db = new BetterSqlite3(sqlitePath(url), { readonly: true });
  try {
    const nulls = Array.from({ length: sql.split("?").length - 1 }, () => null);
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...nulls) as { detail: string }[])
      .map((s) => s.detail)
      .join("\n");
  } finally {
    db.close();
  }
}
