// The bound-value limit the SQLite adapter reports to Prisma (lib/db/sqlite-statements.ts) is the one
// the bundled SQLite really has: a statement with that many values runs, one more is refused. If a
// better-sqlite3 upgrade lowers it, this fails before Prisma sends a statement SQLite cannot take.
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SQLITE_MAX_BIND_VALUES } from "@/lib/db/sqlite-statements";

const inList = (n: number) => `SELECT count(*) AS c FROM (SELECT 1 AS v) WHERE v IN (${Array(n).fill("?").join(",")})`;

describe("SQLITE_MAX_BIND_VALUES", () => {
  it("is exactly what the bundled SQLite binds", () => {
    const db = new BetterSqlite3(":memory:");
    try {
      const values = Array<number>(SQLITE_MAX_BIND_VALUES).fill(1);
      expect(db.prepare(inList(SQLITE_MAX_BIND_VALUES)).get(...values)).toEqual({ c: 1 });
      expect(() => db.prepare(inList(SQLITE_MAX_BIND_VALUES + 1))).toThrow(/too many SQL variables/);
    } finally {
      db.close();
    }
  });
});
