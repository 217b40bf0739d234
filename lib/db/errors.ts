// Which database errors will come back the same way for the same data. A delivery the database
// refuses with one of them fails identically on every retry (lib/webhooks/unstorable.ts quarantines
// it); any other error (busy, locked, disk full, connection lost) may pass, so the vendor retries.
//   PostgreSQL: SQLSTATE classes 22 (data exception), 23 (integrity constraint), 54 (program limit,
//               e.g. an index row too large).
//   SQLite:     constraint failures (CHECK, UNIQUE, NOT NULL, foreign key, trigger RAISE), a string or
//               blob too big, a datatype mismatch.
// Read from the driver adapter's error (its original code), never from message text.

const POSTGRES_CLASSES = new Set(["22", "23", "54"]);
const SQLITE_CODES = /^SQLITE_(CONSTRAINT|TOOBIG|MISMATCH)(_|$)/;
const MAX_SUMMARY = 300;

/** A repeatable failure: its code (SQLSTATE or SQLite code) and a summary that quotes no data. */
export type RepeatableFailure = { code: string; summary: string };

type AdapterCause = { kind?: string; originalCode?: string; originalMessage?: string; message?: string };

/**
 * What the driver adapter said about a failed statement: through Prisma (meta.driverAdapterError), or
 * as the adapter threw it (a transaction run on it directly, lib/db/statement.ts).
 */
export function adapterCause(error: unknown): AdapterCause | undefined {
  const wrapped = (error as { meta?: { driverAdapterError?: { cause?: AdapterCause } } })?.meta?.driverAdapterError;
  if (wrapped) return wrapped.cause;
  const direct = error as { name?: unknown; cause?: unknown } | null | undefined;
  return direct?.name === "DriverAdapterError" && typeof direct.cause === "object"
    ? (direct.cause as AdapterCause)
    : undefined;
}

/**
 * A PostgreSQL data exception can quote the value that caused it (`invalid input syntax for type
 * integer: "…"`), and a value may be a credential: class 22 messages lose every quoted part.
 * Constraint and limit messages quote only names from the schema; SQLite's never quote data.
 */
function summaryOf(code: string, message: string, postgres: boolean): string {
  const safe = postgres && code.startsWith("22") ? message.replace(/"(?:[^"]|"")*"/g, '"…"') : message;
  return `${code}: ${safe.replace(/\s+/g, " ").trim()}`.slice(0, MAX_SUMMARY);
}

/** The failure, when `error` is a database error that will recur for the same data; else null. */
export function repeatableFailure(error: unknown): RepeatableFailure | null {
  const cause = adapterCause(error);
  const code = cause?.originalCode;
  if (typeof code !== "string") return null;
  const message = cause?.originalMessage ?? cause?.message ?? "";
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return POSTGRES_CLASSES.has(code.slice(0, 2)) ? { code, summary: summaryOf(code, message, true) } : null;
  }
  return SQLITE_CODES.test(code) ? { code, summary: summaryOf(code, message, false) } : null;
}

/** PostgreSQL ended the statement at the pool's statement_timeout (lib/db/client.ts): SQLSTATE 57014. */
export function isStatementTimeout(error: unknown): boolean {
  return adapterCause(error)?.originalCode === "57014";
}
