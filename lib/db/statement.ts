// The statements of one write transaction as SQL with its values (Prisma.sql), not yet Prisma calls.
// A transaction made only of these runs straight on the driver adapter Prisma connected: the adapter's
// own startTransaction (on SQLite under its transaction lock, the one Prisma's transactions take; on
// PostgreSQL a pooled connection with BEGIN), its queryRaw/executeRaw (values converted, statements
// prepared (SQLite, sqlite-statements.ts) and errors reported exactly as for Prisma), COMMIT, or
// ROLLBACK on any failure; without Prisma's per-statement request building and result decoding (the
// ingest hot path ran 4-5 statements per delivery through it). A transaction that also holds a
// Prisma model call (re-apply's audit entry) runs as $executeRaw / $queryRaw in one Prisma $transaction.
import type { Prisma } from "../generated/sqlite/client";
import type { Database } from "./client";

/** One SQL statement; `rows`: its result rows are read (RETURNING), else only that it ran. */
export type SqlStatement = { sql: Prisma.Sql; rows: boolean };
export type Statement = SqlStatement | Prisma.PrismaPromise<unknown>;

export const execute = (sql: Prisma.Sql): SqlStatement => ({ sql, rows: false });
export const query = (sql: Prisma.Sql): SqlStatement => ({ sql, rows: true });

const isSql = (s: Statement): s is SqlStatement => "sql" in s && "rows" in s && !("then" in s);

/** The statement as a Prisma call (the rows of a `query` as $queryRaw returns them). */
export function asPrisma(db: Database, s: Statement): Prisma.PrismaPromise<unknown> {
  if (!isSql(s)) return s;
  return s.rows ? db.prisma.$queryRaw(s.sql) : db.prisma.$executeRaw(s.sql);
}

type ArgType = { scalarType: "string" | "int" | "float" | "boolean" | "datetime"; arity: "scalar" };

// One (frozen) object per type, shared by every value: ingest binds about a hundred values per delivery.
const of = (scalarType: ArgType["scalarType"]): ArgType => Object.freeze({ scalarType, arity: "scalar" });
const STRING = of("string");
const INT = of("int");
const FLOAT = of("float");
const BOOLEAN = of("boolean");
const DATETIME = of("datetime");

/** The adapter's type for a value, or null for a value only Prisma's own encoding handles. */
function argType(value: unknown): ArgType | null {
  if (value === null || typeof value === "string") return STRING;
  if (typeof value === "number") return Number.isInteger(value) ? INT : FLOAT;
  if (typeof value === "boolean") return BOOLEAN;
  if (value instanceof Date) return DATETIME;
  return null;
}

type Query = { sql: string; args: unknown[]; argTypes: ArgType[] };
type Transaction = {
  queryRaw(query: Query): Promise<{ columnNames: string[]; rows: unknown[][] }>;
  executeRaw(query: Query): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
};
/** The driver adapter Prisma connected (lib/db/client.ts), as far as transactions go. */
export type AdapterConnection = { startTransaction(): Promise<Transaction> };

type Direct = { connection: AdapterConnection; queries: Query[] };

/** The adapter's connection and its queries, when every statement can run directly. */
function direct(db: Database, statements: Statement[]): Direct | null {
  const connection = db.adapterConnection?.();
  if (!connection) return null;
  const queries: Query[] = [];
  for (const s of statements) {
    if (!isSql(s)) return null;
    const argTypes = s.sql.values.map(argType);
    if (argTypes.some((t) => t === null)) return null;
    // Placeholders as each database writes them: `?` on SQLite, `$1` on PostgreSQL.
    const sql = db.provider === "sqlite" ? s.sql.sql : s.sql.text;
    queries.push({ sql, args: s.sql.values, argTypes: argTypes as ArgType[] });
  }
  return { connection, queries };
}

const COMMIT = { sql: "COMMIT", args: [], argTypes: [] };
const ROLLBACK = { sql: "ROLLBACK", args: [], argTypes: [] };

/**
 * Runs `statements` in one transaction and resolves with each one's result: a `query`'s rows (as
 * objects), an `execute`'s count of changed rows, a Prisma call's own result. Rejects, having rolled
 * back, when any statement fails.
 */
export async function transaction(db: Database, statements: Statement[]): Promise<unknown[]> {
  const run = direct(db, statements);
  if (!run) return db.prisma.$transaction(statements.map((s) => asPrisma(db, s)));
  const tx = await run.connection.startTransaction(); // BEGIN (SQLite: holding the adapter's transaction lock)
  let results: unknown[];
  try {
    // All issued at once: better-sqlite3 runs each as it is issued, so nothing else uses the
    // connection meanwhile; node-postgres (pipeline mode, lib/db/client.ts) writes them together on
    // the transaction's connection and reads the answers in order.
    const pending = run.queries.map((q, i) =>
      (statements[i] as SqlStatement).rows ? tx.queryRaw(q).then(asObjects) : tx.executeRaw(q),
    );
    results = firstFailureInOrder(await Promise.allSettled(pending));
    await tx.executeRaw(COMMIT);
  } catch (error) {
    await tx.executeRaw(ROLLBACK).catch(() => undefined); // SQLite may have rolled back already
    await tx.rollback(); // releases the lock (SQLite) or the connection (PostgreSQL)
    throw error;
  }
  await tx.commit(); // releases the lock or the connection
  return results;
}

/**
 * The statements' results, or the error of the first one that failed in statement order. On
 * PostgreSQL every statement after a failed one fails with 25P02 ("current transaction is aborted"),
 * and in pipeline mode their answers arrive with the failure's, so one of them may settle first;
 * only the failing statement's own error says what the database refused (lib/webhooks/unstorable.ts).
 */
function firstFailureInOrder(settled: PromiseSettledResult<unknown>[]): unknown[] {
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
}

function asObjects(set: { columnNames: string[]; rows: unknown[][] }): Record<string, unknown>[] {
  return set.rows.map((row) => Object.fromEntries(set.columnNames.map((name, i) => [name, row[i]])));
}
