// The hand-written SQL migrations must create exactly what the Prisma schema declares: every model,
// column, type, nullability, primary key, unique and index, on each provider. The expectation is read
// from the schema itself (Prisma's own schema parser), the reality from the migrated database.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { sqlitePath, type Provider } from "@/lib/db/provider";
import { SEARCH_INDEX } from "@/lib/queries/event-search";
import { LIST_TRIGRAM_INDEXES, SEARCH_INDEXES, SEARCH_TRIGRAM_INDEXES } from "@/lib/queries/search";
import { freshDatabase, providers, type TestDatabase } from "../helpers/db";

type Field = {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
};
type Model = { name: string; dbName: string | null; fields: Field[] };
type Index = { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] };

const SCHEMA_FILE: Record<Provider, string> = {
  sqlite: "prisma/schema.prisma",
  postgresql: "prisma/generated/postgresql.prisma",
};
const TYPES: Record<Provider, Record<string, string>> = {
  sqlite: { String: "TEXT", Int: "INTEGER", Float: "REAL", Boolean: "BOOLEAN", DateTime: "DATETIME" },
  postgresql: {
    String: "text",
    Int: "integer",
    Float: "double precision",
    Boolean: "boolean",
    DateTime: "timestamp(3)",
  },
};

type Shape = {
  tables: string[];
  columns: Record<string, string[]>; // table → "column type null|not null"
  primaryKeys: Record<string, string>; // table → "a,b"
  uniques: string[]; // "table(a,b)"
  indexes: string[]; // "table(a,b)"
};

function expectedShape(provider: Provider): Shape {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: readFileSync(SCHEMA_FILE[provider], "utf8") })));
  const models: Model[] = dmmf.datamodel.models;
  const indexes: Index[] = dmmf.datamodel.indexes;
  const table = (m: Model) => m.dbName ?? m.name;
  const column = (m: Model, field: string) => {
    const f = m.fields.find((x) => x.name === field)!;
    return f.dbName ?? f.name;
  };
  const shape: Shape = { tables: [], columns: {}, primaryKeys: {}, uniques: [], indexes: [] };
  for (const m of models) {
    shape.tables.push(table(m));
    shape.columns[table(m)] = m.fields
      .filter((f) => f.kind === "scalar")
      .map((f) => `${f.dbName ?? f.name} ${TYPES[provider][f.type]} ${f.isRequired ? "not null" : "null"}`)
      .sort();
  }
  for (const ix of indexes) {
    const m = models.find((x) => x.name === ix.model)!;
    const cols = ix.fields.map((f) => column(m, f.name)).join(",");
    if (ix.type === "id") shape.primaryKeys[table(m)] = cols;
    else (ix.type === "unique" ? shape.uniques : shape.indexes).push(`${table(m)}(${cols})`);
  }
  return normalise(shape);
}

function normalise(shape: Shape): Shape {
  return { ...shape, tables: shape.tables.sort(), uniques: shape.uniques.sort(), indexes: shape.indexes.sort() };
}

const LEDGER = "_prisma_migrations";
/** The global search's case-insensitive indexes (a collation or an expression): no Prisma index, checked below. */
const NOT_PRISMA = new Set<string>([...SEARCH_INDEXES, ...SEARCH_TRIGRAM_INDEXES, ...LIST_TRIGRAM_INDEXES]);

function sqliteShape(url: string): Shape {
  const db = new BetterSqlite3(sqlitePath(url), { readonly: true });
  try {
    // Ordinary tables only: the FTS5 search index (a virtual table and its shadow tables) is no Prisma model.
    const tables = (
      db
        .prepare(
          `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name != ?`,
        )
        .all(LEDGER) as { name: string }[]
    ).map((r) => r.name);
    const shape: Shape = { tables, columns: {}, primaryKeys: {}, uniques: [], indexes: [] };
    for (const t of tables) {
      const cols = db.prepare(`PRAGMA table_info("${t}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      shape.columns[t] = cols.map((c) => `${c.name} ${c.type} ${c.notnull || c.pk ? "not null" : "null"}`).sort();
      shape.primaryKeys[t] = cols
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name)
        .join(",");
      for (const ix of db.prepare(`PRAGMA index_list("${t}")`).all() as {
        name: string;
        unique: number;
        origin: string;
      }[]) {
        if (ix.origin === "pk" || NOT_PRISMA.has(ix.name)) continue;
        const cols = (db.prepare(`PRAGMA index_info("${ix.name}")`).all() as { seqno: number; name: string }[])
          .sort((a, b) => a.seqno - b.seqno)
          .map((c) => c.name);
        (ix.unique ? shape.uniques : shape.indexes).push(`${t}(${cols.join(",")})`);
      }
    }
    return normalise(shape);
  } finally {
    db.close();
  }
}

async function postgresShape(url: string): Promise<Shape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cols = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      datetime_precision: number | null;
    }>(
      `SELECT table_name, column_name, data_type, is_nullable, datetime_precision FROM information_schema.columns WHERE table_schema = 'public' AND table_name != $1`,
      [LEDGER],
    );
    const shape: Shape = { tables: [], columns: {}, primaryKeys: {}, uniques: [], indexes: [] };
    for (const c of cols.rows) {
      const type = c.data_type === "timestamp without time zone" ? `timestamp(${c.datetime_precision})` : c.data_type;
      (shape.columns[c.table_name] ??= []).push(
        `${c.column_name} ${type} ${c.is_nullable === "NO" ? "not null" : "null"}`,
      );
    }
    shape.tables = Object.keys(shape.columns);
    for (const t of shape.tables) shape.columns[t].sort();
    // The full-text search index (an expression index) is no Prisma index; it is checked below.
    const idx = await client.query<{ table_name: string; is_unique: boolean; is_primary: boolean; columns: string[] }>(
      `SELECT t.relname AS table_name, i.indisunique AS is_unique, i.indisprimary AS is_primary,
              array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
        WHERE ns.nspname = 'public' AND t.relname != $1 AND ic.relname != $2 AND NOT (ic.relname = ANY($3))`,
      [LEDGER, SEARCH_INDEX.postgresql, [...NOT_PRISMA]],
    );
    for (const r of idx.rows) {
      if (r.is_primary) shape.primaryKeys[r.table_name] = r.columns.join(",");
      else (r.is_unique ? shape.uniques : shape.indexes).push(`${r.table_name}(${r.columns.join(",")})`);
    }
    return normalise(shape);
  } finally {
    await client.end();
  }
}

describe.each(await providers())("migrations match the Prisma schema on %s", (provider) => {
  let t: TestDatabase;
  let actual: Shape;
  const expected = expectedShape(provider);
  beforeAll(async () => {
    t = await freshDatabase(provider);
    actual = provider === "sqlite" ? sqliteShape(t.url) : await postgresShape(t.url);
  });
  afterAll(async () => t.drop());

  it("has every model as a table, and no other", () => expect(actual.tables).toEqual(expected.tables));
  it("has every column with its type and nullability, and no other", () =>
    expect(actual.columns).toEqual(expected.columns));
  it("has every primary key", () => expect(actual.primaryKeys).toEqual(expected.primaryKeys));
  it("has every unique constraint", () => expect(actual.uniques).toEqual(expected.uniques));
  it("has every index", () => expect(actual.indexes).toEqual(expected.indexes));
  it("has the payload search index, which Prisma cannot declare", async () =>
    expect(await searchIndex(provider, t.url)).toEqual(SEARCH_SHAPE[provider]));
  it("has the global search's case-insensitive indexes, which Prisma cannot declare", async () =>
    expect(await globalSearchIndexes(provider, t.url)).toEqual(
      [
        ...SEARCH_INDEXES.map((name) => {
          const [, table, column] = /^(mailboxes|domains|consent_requests|client_id_requests)_(\w+)_search_idx$/.exec(
            name,
          )!;
          return provider === "sqlite"
            ? `${name} ON "${table}"("${column}" COLLATE NOCASE)`
            : `${name} ON public.${table} USING btree (lower(${column}) text_pattern_ops)`;
        }),
        ...(provider === "postgresql"
          ? [
              "domains_name_trgm_search_idx ON public.domains USING gin (lower(name) gin_trgm_ops)",
              "mailboxes_email_trgm_search_idx ON public.mailboxes USING gin (lower(email) gin_trgm_ops)",
              // The lists' q= (LIST_TRIGRAM_INDEXES): Prisma's ILIKE on the plain column.
              "domains_name_trgm_idx ON public.domains USING gin (name gin_trgm_ops)",
              "mailboxes_domain_name_trgm_idx ON public.mailboxes USING gin (domain_name gin_trgm_ops)",
              "mailboxes_email_trgm_idx ON public.mailboxes USING gin (email gin_trgm_ops)",
              // The event log's entity filter: a part of a uid (and of a client-ID request's domain).
              "mailboxes_uid_trgm_idx ON public.mailboxes USING gin (uid gin_trgm_ops)",
              "domains_uid_trgm_idx ON public.domains USING gin (uid gin_trgm_ops)",
              "consent_requests_uid_trgm_idx ON public.consent_requests USING gin (uid gin_trgm_ops)",
              "client_id_requests_uid_trgm_idx ON public.client_id_requests USING gin (uid gin_trgm_ops)",
              "client_id_requests_domain_name_trgm_idx ON public.client_id_requests USING gin (domain_name gin_trgm_ops)",
            ]
          : []),
      ].sort(),
    ));
});

/** Each search index (and the lists' trigram indexes) as its definition, reduced to what it indexes and how. */
async function globalSearchIndexes(provider: Provider, url: string): Promise<string[]> {
  if (provider === "sqlite") {
    const db = new BetterSqlite3(sqlitePath(url), { readonly: true });
    try {
      const rows = db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE '%_search_idx'`)
        .all() as { name: string; sql: string }[];
      return rows.map((r) => `${r.name} ${r.sql.replace(/^CREATE INDEX "[^"]+" /, "")}`).sort();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
       WHERE (indexname LIKE '%\\_search\\_idx' AND indexname != $1) OR indexname = ANY($2)`,
      [SEARCH_INDEX.postgresql, [...LIST_TRIGRAM_INDEXES]],
    );
    return rows.map((r) => `${r.name} ${r.def.replace(/^CREATE INDEX \S+ /, "")}`).sort();
  } finally {
    await client.end();
  }
}

const SEARCH_SHAPE: Record<Provider, string[]> = {
  sqlite: [
    "table webhook_events_fts virtual",
    "trigger webhook_events_fts_delete",
    "trigger webhook_events_fts_insert",
    "trigger webhook_events_fts_update",
  ],
  postgresql: ["index webhook_events_payload_search_idx gin"],
};

async function searchIndex(provider: Provider, url: string): Promise<string[]> {
  if (provider === "sqlite") {
    const db = new BetterSqlite3(sqlitePath(url), { readonly: true });
    try {
      const tables = db.prepare(`SELECT name, type FROM pragma_table_list WHERE type = 'virtual'`).all() as {
        name: string;
        type: string;
      }[];
      const triggers = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'webhook_events'`)
        .all() as { name: string }[];
      return [...tables.map((r) => `table ${r.name} ${r.type}`), ...triggers.map((r) => `trigger ${r.name}`)].sort();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; method: string }>(
      `SELECT ic.relname AS name, am.amname AS method FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
        WHERE ic.relname = $1`,
      [SEARCH_INDEX.postgresql],
    );
    return rows.map((r) => `index ${r.name} ${r.method}`);
  } finally {
    await client.end();
  }
}

describe("the two schemas", () => {
  it("declare the same models for both providers", () => {
    const strip = (s: Shape) =>
      Object.fromEntries(Object.entries(s.columns).map(([t, cols]) => [t, cols.map((c) => c.split(" ")[0])]));
    expect(strip(expectedShape("postgresql"))).toEqual(strip(expectedShape("sqlite")));
    expect(expectedShape("postgresql").indexes).toEqual(expectedShape("sqlite").indexes);
  });
});
