// Free-text search over stored (redacted) payloads: words, each matched as a word or a word's start,
// all of them required. SQLite answers from its FTS5 table, PostgreSQL from a GIN full-text index;
// both see the same words (letters and digits; ASCII punctuation separates them, so the words of an
// e-mail address, a host name or a snake_case value are found one by one). The words are reduced to
// letters and digits here, so nothing a user types can become search syntax.
import { Prisma } from "../generated/sqlite/client";
import type { Provider } from "../db/provider";

/** At most this many words are searched for (the rest of a long query is ignored by design: it says so). */
export const MAX_SEARCH_WORDS = 8;

/** The words of a query, lower case, letters and digits only. */
export function searchWords(q: string): string[] {
  return q
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_WORDS);
}

/** FTS5 query: every word, as a prefix. */
export function ftsQuery(words: string[]): string {
  return words.map((w) => `"${w}"*`).join(" ");
}

/** PostgreSQL tsquery text: every word, as a prefix. */
export function tsQuery(words: string[]): string {
  return words.map((w) => `${w}:*`).join(" & ");
}

/**
 * The indexed expression; it must stay identical to the one in the PostgreSQL migration
 * 20261201180500_event_forensics, or the planner cannot use the index.
 */
export const PAYLOAD_SEARCH_VECTOR = Prisma.raw(
  `to_tsvector('simple'::regconfig, translate(left(e."payload", 100000), '!"#$%&''()*+,-./:;<=>?@[\\]^_\`{|}~', '${" ".repeat(32)}'))`,
);

/** The PostgreSQL condition on `webhook_events e`. */
export function postgresSearch(words: string[]): Prisma.Sql {
  return Prisma.sql`${PAYLOAD_SEARCH_VECTOR} @@ to_tsquery('simple'::regconfig, ${tsQuery(words)})`;
}

/**
 * A cheap condition every PostgreSQL match meets (each word occurs in the payload, any case; words
 * are letters and digits, so nothing in them is a LIKE wildcard), checked first so that to_tsvector,
 * about 50 µs a payload, runs only on the few rows that may match.
 */
export function postgresPrefilter(words: string[]): Prisma.Sql {
  return Prisma.join(
    words.map((w) => Prisma.sql`e."payload" ILIKE ${`%${w}%`}`),
    " AND ",
  );
}

export const SEARCH_INDEX: Record<Provider, string> = {
  sqlite: "webhook_events_fts",
  postgresql: "webhook_events_payload_search_idx",
};
