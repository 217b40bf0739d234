// What every read model needs from the database: the ready Prisma client, rows as JSON (dates as
// ISO strings), JSON text columns parsed, and a yield between the statements of a long walk.
import { database } from "../db/client";

export async function ready() {
  const db = database();
  await db.ready;
  return db.prisma;
}

/** Dates become ISO strings, recursively through the row's own fields. */
export type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

export function jsonify<T extends Record<string, unknown>>(row: T): Jsonified<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString() : value;
  return out as Jsonified<T>;
}

/** A column stored as JSON text, parsed; the fallback when empty or unreadable. */
export function parseJsonColumn<T>(value: string | null, fallback: T): T {
  try {
    return value ? (JSON.parse(value) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** A yield between the statements of a long walk (background work also gives way to requests). */
export { breathe } from "../server/foreground";
