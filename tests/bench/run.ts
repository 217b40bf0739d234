// `npm run bench`: drives the built app (`next start`) over loopback and reports, in one run, as a
// table and as bench-results/<timestamp>.json:
//   - requests/s and p50/p95/p99 of the InboxKit ingest route on SQLite, on PostgreSQL with 1 and 2
//     instances, and of a bare baseline route (HMAC check + one prepared better-sqlite3 insert) on
//     the same SQLite settings; the headline is ingest/baseline;
//   - p99 at a fixed offered load of 300 req/s on SQLite;
//   - POST → SSE notice latency (SQLite single instance; PostgreSQL posting to A, listening on B);
//   - server time of /api/mailboxes and a mailbox page with 10,000 mailboxes and 200,000 events.
// After every load run, the stored rows are checked against the distinct deliveries answered 2xx.
// Bounded: BENCH_SECONDS per load run (default 10) and BENCH_REQUESTS deliveries (default 12,000).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { database } from "@/lib/db/client";
import type { Provider } from "@/lib/db/provider";
import { freshDatabase, postgresAvailable, type TestDatabase } from "../helpers/db";
import { mailboxEvent } from "../helpers/inboxkit";
import { ensureBuilt, openStream, SERVER_ENV, startServers, type AppServer } from "../helpers/server";
import { percentile, runLoad, type LoadResult } from "./load";
import { seedReadModel } from "./seed";
import { BENCH_SCHEME, BENCH_SECRET, buildWorkload, signedDelivery, type Delivery } from "./workload";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 12_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PORTS = [3107, 3108, 3109];
const INGEST_PATH = "/api/webhooks/inboxkit";
const BASELINE_PATH = "/api/bench/baseline";
const BENCH_ENV = { INBOXKIT_WEBHOOK_SECRETS: BENCH_SECRET, INBOXKIT_SIGNATURE_SCHEME: BENCH_SCHEME, LOG_LEVEL: "silent" };
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

type Check = { ok: boolean; detail: string };
type LoadRow = Omit<LoadResult, "okKeys"> & { name: string; check: Check };
type Summary = { p50: number; p95: number; p99: number; max: number; samples: number };

/** Starts `instances` servers on a fresh database, runs `body`, always stops and drops. */
async function withServers<T>(provider: Provider, ports: number[], env: Record<string, string>, body: (servers: AppServer[], t: TestDatabase) => Promise<T>): Promise<T> {
  const t = await freshDatabase(provider);
  let servers: AppServer[] = [];
  try {
    servers = await startServers(ports.map((port) => ({ port, databaseUrl: t.url, env: { ...BENCH_ENV, ...env } })));
    return await body(servers, t);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await t.drop();
  }
}

/** Rows stored must equal distinct deliveries answered 2xx; duplicate counts must add up to every 2xx. */
async function checkIngest(t: TestDatabase, load: LoadResult): Promise<Check> {
  const [row] = await t.db.prisma.$queryRawUnsafe<{ n: bigint | number; hits: bigint | number | null }[]>(
    `SELECT count(*) AS n, sum("duplicate_count") AS hits FROM "webhook_events"`,
  );
  const rows = Number(row.n);
  const hits = Number(row.hits ?? 0);
  const ok = rows === load.okKeys.size && hits === load.ok && load.errors === 0 && load.non2xx === 0;
  return { ok, detail: `${rows} event rows for ${load.okKeys.size} distinct deliveries; ${hits} hits for ${load.ok} 2xx; ${load.non2xx} non-2xx, ${load.errors} errors` };
}

async function checkBaseline(t: TestDatabase, load: LoadResult): Promise<Check> {
  const [row] = await t.db.prisma.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "bench_baseline"`);
  const rows = Number(row.n);
  const ok = rows === load.ok && load.errors === 0 && load.non2xx === 0;
  return { ok, detail: `${rows} rows for ${load.ok} 2xx (no dedupe in the baseline); ${load.non2xx} non-2xx, ${load.errors} errors` };
}

/** A short warm-up (JIT, connection pools), then the measured run; both count towards the row check. */
async function measure(name: string, servers: AppServer[], path: string, workload: Delivery[], overallRate?: number): Promise<LoadResult> {
  const targets = servers.map((s) => s.baseUrl);
  const warm = await runLoad({ targets, path, requests: buildWorkload(600, 99).requests, connections: CONNECTIONS, durationSec: 5 });
  process.stdout.write(`  ${name}: warm-up ${warm.ok} ok; measuring ${SECONDS}s…\n`);
  const load = await runLoad({ targets, path, requests: workload, connections: overallRate ? 32 : CONNECTIONS, durationSec: SECONDS, overallRate });
  for (const key of warm.okKeys) load.okKeys.add(key);
  return { ...load, ok: load.ok + warm.ok, non2xx: load.non2xx + warm.non2xx, errors: load.errors + warm.errors };
}

function row(name: string, load: LoadResult, check: Check): LoadRow {
  const { okKeys: _keys, ...rest } = load;
  return { name, ...rest, check };
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN), samples: sorted.length };
}

/** Time from sending a POST to instance `post` until the change notice reaches an SSE client on `listen`. */
async function noticeLatency(post: AppServer, listen: AppServer, samples: number, tag: string): Promise<Summary | { error: string }> {
  const abort = new AbortController();
  try {
    const stream = await openStream(listen, abort.signal);
    if (stream.status !== 200) return { error: `GET /api/stream answered ${stream.status}` };
    const deadline = Date.now() + 5000;
    while (!stream.events.some((e) => e.event === "ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 500)); // the PostgreSQL listener starts with the first stream
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const uid = `sse-${tag}-${i}`;
      const delivery = signedDelivery(uid, mailboxEvent(uid, "active", new Date(Date.UTC(2026, 0, 6, 0, 0, i)).toISOString()));
      const sent = performance.now();
      const response = await fetch(`${post.baseUrl}${INGEST_PATH}`, { method: "POST", headers: delivery.headers, body: new Uint8Array(delivery.body) });
      await response.arrayBuffer();
      const wait = Date.now() + 3000;
      let heard: number | undefined;
      while (heard === undefined && Date.now() < wait) {
        heard = stream.events.find((e) => e.event === "change" && e.data.includes(`"${uid}"`))?.at;
        if (heard === undefined) await new Promise((r) => setTimeout(r, 2));
      }
      latencies.push(heard === undefined ? Infinity : heard - sent);
      await new Promise((r) => setTimeout(r, 20));
    }
    const lost = latencies.filter((l) => !Number.isFinite(l)).length;
    return lost ? { error: `${lost} of ${samples} notices never arrived` } : summarize(latencies);
  } finally {
    abort.abort();
  }
}

/** Sequential GETs after a warm-up; on loopback the wall time is the server time. */
async function timeGet(server: AppServer, path: string, runs = 30): Promise<Summary & { status: number }> {
  const headers = { Authorization: `Bearer ${SERVER_ENV.DASHBOARD_API_TOKEN}` };
  let status = 0;
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}${path}`, { headers });
    await response.arrayBuffer();
    status = response.status;
    if (i >= 5) times.push(performance.now() - started);
  }
  return { status, ...summarize(times) };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  ensureBuilt();
  const workload = buildWorkload(TOTAL);
  console.log(`Workload: ${workload.requests.length} requests, ${workload.distinct} distinct deliveries, body ${workload.bodyBytes.mean} B mean (${workload.bodyBytes.min}–${workload.bodyBytes.max})`);
  const postgres = await postgresAvailable();
  const loads: LoadRow[] = [];
  const report: Record<string, unknown> = {};

  console.log("(c) baseline: bare route, HMAC + prepared better-sqlite3 insert, SQLite WAL synchronous=FULL");
  await withServers("sqlite", 1, { BENCH_BASELINE: "1" }, async (servers, t) => {
    const load = await measure("baseline", servers, BASELINE_PATH, workload.requests);
    loads.push(row("(c) baseline, SQLite", load, await checkBaseline(t, load)));
  });

  console.log("(a) ingest route on SQLite");
  await withServers("sqlite", 1, {}, async (servers, t) => {
    const load = await measure("sqlite", servers, INGEST_PATH, workload.requests);
    loads.push(row("(a) ingest, SQLite", load, await checkIngest(t, load)));
    report.noticeLatencySqlite = await noticeLatency(servers[0], servers[0], 100, "sqlite");
  });

  console.log("ingest route on SQLite at a fixed 300 req/s");
  await withServers("sqlite", 1, {}, async (servers, t) => {
    const load = await measure("sqlite@300", servers, INGEST_PATH, workload.requests, 300);
    loads.push(row("(a) ingest, SQLite, 300 req/s offered", load, await checkIngest(t, load)));
  });

  if (postgres) {
    for (const instances of [1, 2]) {
      console.log(`(b) ingest route on PostgreSQL, ${instances} instance(s)`);
      await withServers("postgresql", instances, {}, async (servers, t) => {
        const load = await measure(`postgresql×${instances}`, servers, INGEST_PATH, workload.requests);
        loads.push(row(`(b) ingest, PostgreSQL, ${instances} instance${instances > 1 ? "s" : ""}`, load, await checkIngest(t, load)));
        if (instances === 2) report.noticeLatencyPostgresAtoB = await noticeLatency(servers[0], servers[1], 100, "pg");
      });
    }
  } else {
    console.log("(b) SKIPPED: PostgreSQL does not answer");
    report.postgres = "skipped: PostgreSQL did not answer";
  }

  console.log("reads with 10,000 mailboxes and 200,000 events");
  await withServers("sqlite", 0, {}, async (_none, t) => {
    await database().prisma.$disconnect();
    const started = performance.now();
    const seeded = seedReadModel(t.url, 10_000, 20);
    const seedSeconds = round((performance.now() - started) / 1000, 2);
    const [server] = await startServers([{ port: PORTS[0], databaseUrl: t.url, env: BENCH_ENV }]);
    try {
      const uid = seeded.mailboxUids[4321];
      const reads: Record<string, unknown> = { seeded: { mailboxes: seeded.mailboxUids.length, events: seeded.events, seconds: seedSeconds } };
      for (const path of ["/api/mailboxes", `/api/mailboxes/${uid}`, `/mailboxes/${uid}`]) {
        const timing = await timeGet(server, path);
        reads[path.replace(uid, ":uid")] = timing.status === 404 ? { status: 404, note: "route not present in this build" } : timing;
      }
      report.reads = reads;
    } finally {
      await server.stop();
    }
  });

  const [a, c] = [loads.find((l) => l.name.startsWith("(a) ingest, SQLite") && !l.name.includes("300")), loads.find((l) => l.name.startsWith("(c)"))];
  const fixed = loads.find((l) => l.name.includes("300 req/s"));
  const headline = a && c ? round(a.rps / c.rps, 2) : NaN;

  console.log("\n| run | req/s | p50 ms | p95 ms | p99 ms | max ms | 2xx | rows check |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const l of loads) console.log(`| ${l.name} | ${l.rps} | ${l.p50} | ${l.p95} | ${l.p99} | ${l.max} | ${l.ok} | ${l.check.ok ? "OK" : "FAIL"}: ${l.check.detail} |`);
  console.log(`\nHeadline (a)/(c) = ${headline} (target ≥ 0.9)`);
  if (fixed) console.log(`p99 at 300 req/s offered = ${fixed.p99} ms (target < 50 ms), achieved ${fixed.rps} req/s`);
  for (const key of ["noticeLatencySqlite", "noticeLatencyPostgresAtoB"]) if (report[key]) console.log(`POST → SSE notice (${key.replace("noticeLatency", "")}): ${JSON.stringify(report[key])} (target p99 < 1000 ms)`);
  console.log(`Reads: ${JSON.stringify(report.reads)} (target < 150 ms)`);

  const file = join("bench-results", `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  mkdirSync("bench-results", { recursive: true });
  const settings = { seconds: SECONDS, requests: TOTAL, connections: CONNECTIONS, node: process.version, cpus: (await import("node:os")).cpus().length };
  writeFileSync(file, JSON.stringify({ startedAt, settings, workload: { requests: workload.requests.length, distinct: workload.distinct, bodyBytes: workload.bodyBytes }, loads, headline, ...report }, null, 2));
  console.log(`\nWrote ${file}`);
  if (loads.some((l) => !l.check.ok)) {
    console.error("Row-count check FAILED: stored rows do not match the deliveries answered.");
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
