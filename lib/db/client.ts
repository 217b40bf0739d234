// One Prisma client per process, cached on globalThis (Next.js dev reloads modules), with the
// driver adapter chosen from DATABASE_URL. Both generated clients come from the same models
// (prisma/schema.prisma), so the SQLite client's types describe either.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "../generated/postgresql/client";
import { databasePoolSize, databaseUrl, pgPipeline } from "../config";
import { providerOf, sqlitePath, sqlitePragmas, type Provider } from "./provider";
import { PrismaBetterSqlite3Cached } from "./sqlite-statements";
import type { AdapterConnection } from "./statement";
import { preparePrivateSqliteFile } from "./sqlite-file";

export type Db = PrismaClient;
export type Database = {
  prisma: Db;
  provider: Provider;
  url: string;
  ready: Promise<void>;
  /** The driver adapter once Prisma has connected it (lib/db/statement.ts runs transactions on it). */
  adapterConnection?: () => AdapterConnection | undefined;
};

function sqliteClient(url: string): Database {
  const path = sqlitePath(url);
  preparePrivateSqliteFile(path);
  const pragmas = sqlitePragmas();
  const adapter = new PrismaBetterSqlite3Cached({ url: path, timeout: pragmas.busy_timeout });
  const prisma = new PrismaClient({ adapter });
  // The adapter holds one connection, so per-connection pragmas set once stay set. They are read
  // back: a file system without WAL support, say, must fail loudly, not run with weaker durability.
  const ready = (async () => {
    for (const [name, value] of Object.entries(pragmas)) await prisma.$queryRawUnsafe(`PRAGMA ${name} = ${value}`);
    const actual = await readSqlitePragmas(prisma);
    for (const [name, value] of Object.entries(pragmas)) {
      if (actual[name] !== String(value))
        throw new Error(`SQLite PRAGMA ${name} is ${actual[name]}, expected ${value}`);
    }
  })();
  ready.catch(() => undefined); // awaited by every user; avoids an unhandled rejection before then
  return { prisma, provider: "sqlite", url, ready, adapterConnection: () => adapter.connection };
}

/** PrismaPg, keeping the adapter Prisma connected last (undefined before its first query). */
class PrismaPgConnected extends PrismaPg {
  connection: AdapterConnection | undefined;

  override async connect() {
    const adapter = await super.connect();
    this.connection = adapter;
    return adapter;
  }
}

function postgresClient(url: string): Database {
  // Timeouts well inside the vendor's 10 s: a delivery that cannot be stored by then is answered 503 and retried.
  const adapter = new PrismaPgConnected({
    connectionString: url,
    max: databasePoolSize(),
    connectionTimeoutMillis: 3000,
    statement_timeout: 4000,
    // Each query is written as soon as it is issued, not after the previous one's answer: a batch
    // transaction's statements (lib/db/statement.ts issues them all at once) then cost one round
    // trip instead of one each, and on a busy machine every round trip waits for the server's
    // backend to be scheduled. Results still arrive in order, one per query; a failed statement
    // fails the rest of the transaction ("current transaction is aborted"), and statement.ts reports
    // the failed statement's own error. PG_PIPELINE=0 turns it off.
    pipeline: pgPipeline(),
  });
  const prisma = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  return {
    prisma,
    provider: "postgresql",
    url,
    ready: Promise.resolve(),
    adapterConnection: () => adapter.connection,
  };
}

export function openDatabase(url: string = databaseUrl()): Database {
  return providerOf(url) === "sqlite" ? sqliteClient(url) : postgresClient(url);
}

const cache = globalThis as unknown as { __database?: Database };

/**
 * The process-wide database, opened on first use. An open that fails (file in the way, disk full)
 * is not kept: the next caller opens it again, so the process recovers once the cause is gone.
 */
export function database(): Database {
  if (!cache.__database) {
    const opened = openDatabase();
    cache.__database = opened;
    opened.ready.catch(() => {
      if (cache.__database !== opened) return;
      cache.__database = undefined;
      void opened.prisma.$disconnect().catch(() => undefined);
    });
  }
  return cache.__database;
}

/** Pragmas as the connection reports them (read back at boot to prove they took). */
export async function readSqlitePragmas(prisma: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(sqlitePragmas())) {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
    out[name] = String(Object.values(rows[0] ?? {})[0]);
  }
  return out;
}

const hooks = globalThis as unknown as { __databaseCloseHooks?: Map<string, () => Promise<void>> };

/**
 * Runs `hook` whenever the process-wide database closes, before it disconnects (the live-update
 * transport registers its LISTEN connection here, so this layer never imports it). One hook per
 * name: a module loaded again (Next.js dev) replaces its own.
 */
export function onDatabaseClose(name: string, hook: () => Promise<void>): void {
  (hooks.__databaseCloseHooks ??= new Map()).set(name, hook);
}

/** Closes the process-wide database (tests switch databases; the start script shuts down cleanly). */
export async function closeDatabase(): Promise<void> {
  const open = cache.__database;
  cache.__database = undefined;
  for (const hook of hooks.__databaseCloseHooks?.values() ?? []) await hook();
  if (open) await open.prisma.$disconnect();
}
