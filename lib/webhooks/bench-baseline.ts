// The benchmark's baseline (npm run bench): the least a webhook receiver can do — check the HMAC and
// insert the raw body with one prepared better-sqlite3 statement, on the same SQLite settings as the
// app (WAL, synchronous=FULL). Our ingest is measured against it through both transports: inside
// Next.js (app/api/bench/baseline/route.ts, the "bare baseline route") and from node:http
// (BENCH_BASELINE_NODE_PATH, served by lib/cli/serve.ts as the webhooks are: like for like with
// `npm start`'s ingest). Both exist only when BENCH_BASELINE=1; otherwise each is a 404 like any unknown path.
import BetterSqlite3 from "better-sqlite3";
import { jsonError, json } from "../http";
import { benchBaselineEnabled, config, databaseUrl } from "../config";
import { providerOf, sqlitePath, sqlitePragmas } from "../db/provider";
import { verifyInboxKit, type InboxKitScheme } from "./inboxkit/verify";

/** The baseline as node:http serves it (lib/webhooks/http-server.ts). */
export const BENCH_BASELINE_NODE_PATH = "/api/bench/baseline-node";

type Baseline = { insert: BetterSqlite3.Statement<[Buffer, string]>; keys: string[]; scheme: InboxKitScheme };
const holder = globalThis as unknown as { __benchBaseline?: Baseline };

function baseline(): Baseline {
  if (holder.__benchBaseline) return holder.__benchBaseline;
  const url = databaseUrl();
  if (providerOf(url) !== "sqlite") throw new Error("the bench baseline runs on SQLite only");
  const pragmas = sqlitePragmas();
  const db = new BetterSqlite3(sqlitePath(url), { timeout: pragmas.busy_timeout });
  db.pragma(`journal_mode = ${pragmas.journal_mode}`);
  db.pragma(`synchronous = ${pragmas.synchronous}`);
  db.exec(
    `CREATE TABLE IF NOT EXISTS "bench_baseline" ("id" INTEGER PRIMARY KEY, "body" BLOB NOT NULL, "received_at" TEXT NOT NULL)`,
  );
  holder.__benchBaseline = {
    insert: db.prepare(`INSERT INTO "bench_baseline" ("body", "received_at") VALUES (?, ?)`),
    keys: config().INBOXKIT_WEBHOOK_SECRETS,
    scheme: config().INBOXKIT_SIGNATURE_SCHEME,
  };
  return holder.__benchBaseline;
}

/** One baseline delivery: 404 unless BENCH_BASELINE=1, 401 for a bad signature, else one insert. */
export function receiveBaseline(headers: Headers, body: Buffer): Response {
  if (!benchBaselineEnabled()) return jsonError(404, "not_found", "Not found");
  const b = baseline();
  const verdict = verifyInboxKit(headers.get("x-inboxkit-signature"), body, b.keys, b.scheme);
  if (!verdict.ok) return jsonError(401, verdict.reason, verdict.detail);
  const { lastInsertRowid } = b.insert.run(body, new Date().toISOString());
  return json({ received: true, event_id: Number(lastInsertRowid) });
}
