// What a mailbox row keeps of its Inkbox mail (the list's sort key, lib/queries/mail-order.ts; the
// attention queue's trouble verdict, lib/queries/mail-verdict.ts) is a cache with a "valid until"
// column: NULL when it must be computed (new row, new mail, an address change), else the instant it
// stops holding. Both are refreshed the same way: due rows read along that column's index, computed
// a batch at a time from the rollups, and written in one statement per batch that skips a row whose
// mail_seq moved (new mail since it was read) or whose address changed (an InboxKit change).
import { Prisma } from "../generated/sqlite/client";
import { database } from "../db/client";
import { log } from "../log";
import { breathe } from "./db";

/** A cached value that holds until new mail arrives. */
export const FOREVER = new Date("9999-12-31T00:00:00.000Z");
/**
 * Rows per statement when every due row is computed (background, the scheduler's walk): about 50 ms
 * of SQLite's one connection at 100,000 mailboxes, with a yield between batches so that requests
 * are served meanwhile (1,000 held it for a quarter to half a second at a time).
 */
const BATCH = 200;

export type Limits = { batch: number; batches: number };
export type Due = { uid: string; email: string; mailSeq: number };

/** One cache: its until column and that column's index, the columns written, and how a batch is computed. */
export type Cached = {
  until: string;
  index: string;
  /** Written in this order from each computed row's `values`; types as PostgreSQL casts them. */
  columns: { name: string; type: string }[];
  compute: (rows: Due[], now: Date) => Promise<(Due & { values: unknown[] })[]>;
};

/**
 * Up to `take` mailboxes whose value is missing, then expired ones, each read along the until
 * column's index. On SQLite the index is named: statistics taken when every value was missing
 * (after a migration, or a seed) make the planner scan all mailboxes for the few missing ones.
 */
async function dueRows(cache: Cached, now: Date, take: number): Promise<Due[]> {
  const db = database();
  const pg = db.provider === "postgresql";
  const from = Prisma.raw(pg ? `"mailboxes"` : `"mailboxes" INDEXED BY "${cache.index}"`);
  const until = Prisma.raw(`"${cache.until}"`);
  const at = pg ? Prisma.sql`CAST(${now} AS TIMESTAMP(3))` : Prisma.sql`${now}`;
  const read = (where: Prisma.Sql, n: number) =>
    db.prisma.$queryRaw<{ uid: string; email: string; mail_seq: number | bigint }[]>`
      SELECT "uid", "email", "mail_seq" FROM ${from} WHERE ${where} ORDER BY ${until} LIMIT ${n}`;
  const missing = await read(Prisma.sql`${until} IS NULL`, take);
  const expired = missing.length < take ? await read(Prisma.sql`${until} <= ${at}`, take - missing.length) : [];
  return [...missing, ...expired].map((r) => ({ uid: r.uid, email: r.email, mailSeq: Number(r.mail_seq) }));
}

/** One statement for the batch; a row whose mail_seq or address moved since it was read keeps waiting. */
function writeGuarded(cache: Cached, rows: (Due & { values: unknown[] })[]) {
  const db = database();
  const pg = db.provider === "postgresql";
  const as = (value: unknown, type: string) =>
    pg ? Prisma.sql`CAST(${value} AS ${Prisma.raw(type)})` : Prisma.sql`${value}`;
  const values = Prisma.join(
    rows.map(
      (r) =>
        Prisma.sql`(${r.uid}, ${r.email}, ${as(r.mailSeq, "INTEGER")}, ${Prisma.join(cache.columns.map((c, i) => as(r.values[i], c.type)))})`,
    ),
  );
  const names = cache.columns.map((c, i) => `"c${i}"`).join(", ");
  const set = cache.columns.map((c, i) => `"${c.name}" = "v"."c${i}"`).join(", ");
  return db.prisma.$executeRaw`WITH "v" ("uid", "email", "seq", ${Prisma.raw(names)}) AS (VALUES ${values})
    UPDATE "mailboxes" SET ${Prisma.raw(set)}
    FROM "v" WHERE "mailboxes"."uid" = "v"."uid" AND "mailboxes"."mail_seq" = "v"."seq"
      AND "mailboxes"."email" = "v"."email"`;
}

/**
 * Computes the rows due at `now`, `limits.batch` mailboxes at a time, at most `limits.batches`
 * batches (all by default). Returns how many it wrote and whether none is left due (false also when
 * a round wrote nothing: every row of it changed meanwhile, and the next refresh computes those).
 */
export async function refreshDue(
  cache: Cached,
  now: Date,
  limits: Limits = { batch: BATCH, batches: Infinity },
): Promise<{ written: number; complete: boolean }> {
  const db = database();
  await db.ready;
  let written = 0;
  for (let round = 0; round < limits.batches; round++) {
    const due = await dueRows(cache, now, limits.batch);
    if (due.length === 0) return { written, complete: true };
    const count = Number(await writeGuarded(cache, await cache.compute(due, now)));
    written += count;
    if (due.length < limits.batch) return { written, complete: true };
    if (count === 0) return { written, complete: false };
    await breathe();
  }
  return { written, complete: false };
}

const catchUps = globalThis as unknown as { __mailRefreshCatchUp?: Map<string, Promise<void>> };
const running = (catchUps.__mailRefreshCatchUp ??= new Map());

/**
 * Before a read that needs the cache at `now`: at most `limits` on the request path, then one
 * background refresh per process and cache for the rest (older values meanwhile).
 */
export async function refreshBeforeRead(cache: Cached, now: Date, limits: Limits): Promise<void> {
  const { complete } = await refreshDue(cache, now, limits);
  if (complete || running.has(cache.until)) return;
  running.set(
    cache.until,
    refreshDue(cache, now)
      .then(() => undefined)
      .catch((error: Error) => log.error("mail cache refresh failed", { column: cache.until, reason: error.message }))
      .finally(() => running.delete(cache.until)),
  );
}

/** The background refresh a read of this cache started, if one is running (tests wait for it). */
export const catchUp = (cache: Cached): Promise<void> => running.get(cache.until) ?? Promise.resolve();
