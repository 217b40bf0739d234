// Prisma's better-sqlite3 adapter (7.10) prepares every statement afresh: `prepare(sql).bind(args)`
// on each query. Ingest runs the same few statements thousands of times, and preparing a 25-column
// upsert costs about as much as running it, so the adapter's connection gets a bounded cache of
// prepared statements. better-sqlite3 allows bind() once per statement, so the cache hands out a
// small view that passes the arguments on each call instead. Only the calls the adapter makes are
// provided (run, reader, columns, raw().all); anything else fails loudly in tests, not silently.
import type BetterSqlite3 from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { AdapterConnection } from "./statement";

export const STATEMENT_CACHE_SIZE = 256;

type Statement = BetterSqlite3.Statement<unknown[]>;

function bound(statement: Statement, args: unknown[]) {
  return {
    reader: statement.reader,
    run: () => statement.run(...args),
    columns: () => statement.columns(),
    raw: () => ({ all: () => statement.raw(true).all(...args) }),
  };
}

/** What the adapter's `prepare` gets: the statement's calls, made once per cached statement. */
function view(s: Statement) {
  return { reader: s.reader, run: (...args: unknown[]) => s.run(...args), bind: (args: unknown[]) => bound(s, args) };
}

/** Makes `db.prepare` reuse prepared statements (least recently used out beyond `size`). */
export function cachePreparedStatements(db: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): void {
  const prepare = db.prepare.bind(db) as (sql: string) => Statement;
  const cache = new Map<string, ReturnType<typeof view>>();
  const cachedPrepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement)
      cache.delete(sql); // re-inserted below: most recently used last
    else statement = view(prepare(sql));
    cache.set(sql, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return statement;
  };
  db.prepare = cachedPrepare as unknown as typeof db.prepare;
}

/**
 * The bound values one statement may carry. Without word from the adapter Prisma assumes SQLite's
 * old default, 999, and refuses a larger statement (P2029): `?attention=open` at 100,000 mailboxes
 * binds 2,000 mailbox uids. The SQLite inside better-sqlite3 is built with 32,766
 * (SQLITE_MAX_VARIABLE_NUMBER, SQLite's default since 3.32; tests/unit/sqlite-statements.test.ts
 * binds exactly that many), the same figure Prisma uses for PostgreSQL.
 */
export const SQLITE_MAX_BIND_VALUES = 32_766;

/**
 * The adapter with its connection's statements cached (see above), and its real bound-value limit.
 * `connection` is the adapter Prisma connected last (undefined before its first query).
 */
export class PrismaBetterSqlite3Cached extends PrismaBetterSqlite3 {
  connection: AdapterConnection | undefined;

  override async connect() {
    const adapter = await super.connect();
    cachePreparedStatements((adapter as unknown as { client: BetterSqlite3.Database }).client);
    adapter.getConnectionInfo = () => ({ maxBindValues: SQLITE_MAX_BIND_VALUES, supportsRelationJoins: false });
    this.connection = adapter;
    return adapter;
  }
}
