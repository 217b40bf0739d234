// `npm run bench`: drives the built app (`next start`) over loopback and reports, in one run, as a
// table and as bench-results/<timestamp>.json:
//   - requests/s and p50/p95/p99 of the InboxKit ingest route on SQLite, on PostgreSQL with 1 and 2
//     instances, and of a bare baseline route (HMAC check + one prepared better-sqlite3 insert) on
//     the same SQLite settings, inside Next.js (the headline, ingest/baseline) and from node:http as
//     `npm start` serves the webhooks (like for like);
//   - p99 at a fixed offered load of 300 req/s on SQLite;
//   - POST → SSE notice latency (SQLite single instance; PostgreSQL posting to A, listening on B);
//   - server time of /api/mailboxes and a mailbox page with 10,000 mailboxes and 200,000 events;
//   - only when BENCH_ONLY names it: the scale stage (tests/bench/scale.ts), every operator page and
//     GET API at 100,000 mailboxes and 7,000,000 events (BENCH_SCALE a fraction of that).
// After every load run, the stored rows are checked against the distinct deliveries answered 2xx.
// Bounded: BENCH_SECONDS per load run (default 10) and BENCH_REQUESTS deliveries (default 12,000).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import type { Provider } from "@/lib/db/provider";
import { freshDatabase, postgresAvailable, type TestDatabase } from "../helpers/db";
import { mailboxEvent } from "../helpers/inboxkit";
import { ensureBuilt, openStream, SERVER_ENV, startServers, waitForListeners, type AppServer } from "../helpers/server";
import { percentile, runLoad, type LoadResult } from "./load";
import { seedReadModel } from "./seed";
import { EVENT_READS, seedEvents } from "./events";
import { describeScale, scaleCounts, scaleReads, seedScale, targetMs, vacuumScale } from "./scale";
import { migrate } from "@/lib/db/migrate";
import { BENCH_BASELINE_NODE_PATH } from "@/lib/webhooks/bench-baseline";
import { providerOf } from "@/lib/db/provider";
import { REFUSAL_CAP } from "@/lib/webhooks/quarantine";
import { BENCH_SCHEME, BENCH_SECRET, buildWorkload, signedDelivery, type Delivery } from "./workload";
import { printSoak, runSoak, soakDatabases, soakSettings, type SoakReport } from "./soak";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 12_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Which parts to run (all but scale and sse by default): ratio, fixed, postgres, reads, events, flood, soak, scale, sse. */
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? "ratio,fixed,postgres,reads,events,flood,soak").split(",").map((s) => s.trim()),
);
/** BENCH_PORT: the first of three ports the servers use (default 3107). */
const PORT_BASE = Number(process.env.BENCH_PORT ?? 3107);
const PORTS = [PORT_BASE, PORT_BASE + 1, PORT_BASE + 2];
/** Events seeded for the event-log stage (BENCH_EVENTS, default 2,000,000; smaller for a quick run). */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000_000);
const FLOOD = 5_000;
/** The scale stage's size as a fraction of 100,000 mailboxes / 7,000,000 events (BENCH_SCALE, default 1). */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/** Timed requests per read in the scale stage (after BENCH_SCALE_WARMUPS warm-ups, default 5). */
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 30);
const SCALE_WARMUPS = Number(process.env.BENCH_SCALE_WARMUPS ?? 5);
/** Seconds one scale read may take before it stops with what it has (at least 3 timed requests). */
const SCALE_READ_SECONDS = Number(process.env.BENCH_SCALE_READ_SECONDS ?? 60);
/** Which databases a stage seeds: the env list (e.g. BENCH_EVENT_DBS=sqlite,postgresql), default both. */
const stageDatabases = (list: string | undefined, postgres: boolean): Provider[] =>
  (["sqlite", ...(postgres ? ["postgresql" as const] : [])] as Provider[]).filter(
    (p) =>
      !list ||
      list
        .split(",")
        .map((s) => s.trim())
        .includes(p),
  );
/**
 * The fixed offered load, and how many connections carry it. autocannon paces each connection with
 * its own timer and those timers tick together, so N connections arrive as bursts of N: 8 keeps the
 * bursts realistic (32 at 300 req/s queue even the bare baseline to a p50 of about 40 ms).
 */
const FIXED_RATE = 300;
const FIXED_RATE_CONNECTIONS = 8;
const INGEST_PATH = "/api/webhooks/inboxkit";
const BASELINE_PATH = "/api/bench/baseline";
type Side = "a" | "c" | "d";
const SIDE_NAMES: Record<Side, string> = { a: "ingest", c: "baseline in Next.js", d: "baseline from node:http" };
const BENCH_ENV = {
  INBOXKIT_WEBHOOK_SECRETS: BENCH_SECRET,
  INBOXKIT_SIGNATURE_SCHEME: BENCH_SCHEME,
  LOG_LEVEL: "silent",
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
/** The machine's 1-minute load average (2 cores shared with other engineers). */
const loadAverage = () => round(loadavg()[0], 1);

type Check = { ok: boolean; detail: string };
type LoadRow = Omit<LoadResult, "okKeys" | "issuedKeys"> & { name: string; check?: Check; loadAverage: number };
type Summary = { p50: number; p95: number; p99: number; max: number; samples: number };

/** Starts `instances` servers on a fresh database, runs `body`, always stops and drops. */
async function withServers<T>(
  provider: Provider,
  ports: number[],
  env: Record<string, string>,
  body: (servers: AppServer[], t: TestDatabase) => Promise<T>,
): Promise<T> {
  const t = await freshDatabase(provider);
  let servers: AppServer[] = [];
  try {
    // A loaded machine can take minutes to start a server.
    servers = await startServers(
      ports.map((port) => ({ port, databaseUrl: t.url, env: { ...BENCH_ENV, ...env }, startTimeoutMs: 300_000 })),
    );
    return await body(servers, t);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await t.drop();
  }
}

/** Rows from the database at `url`, on a short-lived connection of its own. */
async function queryOnce<T>(url: string, sql: string): Promise<T[]> {
  const db = openDatabase(url);
  try {
    await db.ready;
    return await db.prisma.$queryRawUnsafe<T[]>(sql);
  } finally {
    await db.prisma.$disconnect();
  }
}

/**
 * Nothing lost: every delivery answered 2xx is stored. Nothing doubled or invented: every stored
 * delivery was sent, once per dedupe key, and the duplicate counts add up to the 2xx answers plus at
 * most the requests still in flight when the load generator stopped (stored, answer not read).
 */
async function checkIngest(url: string, load: LoadResult): Promise<Check> {
  const stored = await queryOnce<{ dedupe_key: string; duplicate_count: bigint | number }>(
    url,
    `SELECT "dedupe_key", "duplicate_count" FROM "webhook_events"`,
  );
  const keys = new Set(stored.map((r) => r.dedupe_key));
  const hits = stored.reduce((n, r) => n + Number(r.duplicate_count), 0);
  const lost = [...load.okKeys].filter((k) => !keys.has(k)).length;
  const unknown = [...keys].filter((k) => !load.issuedKeys.has(k)).length;
  const ok =
    lost === 0 &&
    unknown === 0 &&
    keys.size === stored.length &&
    hits >= load.ok &&
    hits <= load.ok + load.unanswered &&
    load.errors === 0 &&
    load.non2xx === 0;
  return {
    ok,
    detail:
      `${stored.length} event rows, ${load.okKeys.size} distinct deliveries answered 2xx, ${lost} lost, ${unknown} never sent; ` +
      `${hits} hits for ${load.ok} 2xx + ≤${load.unanswered} in flight at stop; ${load.non2xx} non-2xx, ${load.errors} errors`,
  };
}

async function checkBaseline(url: string, load: LoadResult): Promise<Check> {
  const [{ n }] = await queryOnce<{ n: bigint | number }>(url, `SELECT count(*) AS n FROM "bench_baseline"`);
  const rows = Number(n);
  const ok = rows >= load.ok && rows <= load.ok + load.unanswered && load.errors === 0 && load.non2xx === 0;
  return {
    ok,
    detail: `${rows} rows for ${load.ok} 2xx + ≤${load.unanswered} in flight at stop (no dedupe in the baseline); ${load.non2xx} non-2xx, ${load.errors} errors`,
  };
}

/** Everything sent to one database, for its row check. */
function combine(loads: LoadResult[]): LoadResult {
  const union = (pick: (l: LoadResult) => Set<string>) => new Set(loads.flatMap((l) => [...pick(l)]));
  const sum = (pick: (l: LoadResult) => number) => loads.reduce((total, l) => total + pick(l), 0);
  return {
    ...loads[loads.length - 1],
    okKeys: union((l) => l.okKeys),
    issuedKeys: union((l) => l.issuedKeys),
    ok: sum((l) => l.ok),
    unanswered: sum((l) => l.unanswered),
    non2xx: sum((l) => l.non2xx),
    errors: sum((l) => l.errors),
  };
}

/** A short warm-up (JIT, connection pools; 600 requests of a separate workload). */
function warmUp(servers: AppServer[], path: string): Promise<LoadResult> {
  return runLoad({
    targets: servers.map((s) => s.baseUrl),
    path,
    requests: buildWorkload(600, 99).requests,
    connections: CONNECTIONS,
    durationSec: 5,
  });
}

/** One measured run; also the servers' CPU per request, which other work on the machine disturbs far less than req/s. */
async function measure(
  name: string,
  servers: AppServer[],
  path: string,
  workload: Delivery[],
  overallRate?: number,
): Promise<LoadResult> {
  process.stdout.write(
    `  ${name}: ${overallRate ? `${overallRate} req/s offered` : `${CONNECTIONS} connections`}, ${SECONDS}s…\n`,
  );
  const cpu = () => servers.reduce((sum, s) => sum + s.cpuSeconds(), 0);
  const before = cpu();
  const load = await runLoad({
    targets: servers.map((s) => s.baseUrl),
    path,
    requests: workload,
    connections: overallRate ? FIXED_RATE_CONNECTIONS : CONNECTIONS,
    durationSec: SECONDS,
    overallRate,
  });
  return { ...load, serverCpuMsPerRequest: round(((cpu() - before) * 1000) / Math.max(1, load.sent - load.errors), 3) };
}

function row(name: string, load: LoadResult, check?: Check): LoadRow {
  const { okKeys: _ok, issuedKeys: _issued, ...rest } = load;
  const figures = { name, ...rest, check, loadAverage: loadAverage() };
  // At once: a later stage failing (a server not starting on a loaded machine) must not lose it.
  console.log(
    `    ${name}: ${load.rps} req/s, p99 ${load.p99} ms, server CPU ${load.serverCpuMsPerRequest ?? "–"} ms/req, load average ${figures.loadAverage}`,
  );
  return figures;
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    samples: sorted.length,
  };
}

/** Time from sending a POST to instance `post` until the change notice reaches an SSE client on `listen`. */
async function noticeLatency(
  post: AppServer,
  listen: AppServer,
  samples: number,
  tag: string,
  postgresUrl?: string,
): Promise<Summary | { error: string }> {
  const abort = new AbortController();
  try {
    const stream = await openStream(listen, abort.signal);
    if (stream.status !== 200) return { error: `GET /api/stream answered ${stream.status}` };
    const deadline = Date.now() + 5000;
    while (!stream.events.some((e) => e.event === "ready") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    if (postgresUrl) await waitForListeners(postgresUrl, 1); // the instance's LISTEN starts with its first stream
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const uid = `sse-${tag}-${i}`;
      const delivery = signedDelivery(
        "mailbox",
        mailboxEvent(uid, "active", new Date(Date.UTC(2026, 0, 6, 0, 0, i)).toISOString()),
      );
      const sent = performance.now();
      const response = await fetch(`${post.baseUrl}${INGEST_PATH}`, {
        method: "POST",
        headers: delivery.headers,
        body: new Uint8Array(delivery.body),
      });
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

/**
 * Sequential GETs after `warmUps` warm-ups; on loopback the wall time is the server time. With a
 * budget, a slow read stops once the budget is spent (warm-ups included) and at least 3 timed
 * requests are in: `samples` says how many.
 */
async function timeGet(
  server: AppServer,
  path: string,
  runs = 30,
  { warmUps = 5, budgetMs = Infinity }: { warmUps?: number; budgetMs?: number } = {},
): Promise<Summary & { status: number; load: string }> {
  const loadBefore = loadAverage();
  const headers = { Authorization: `Bearer ${SERVER_ENV.DASHBOARD_API_TOKEN}` };
  const started = performance.now();
  let status = 0;
  const times: number[] = [];
  for (let i = 0; i < runs + warmUps; i++) {
    const sent = performance.now();
    try {
      const response = await fetch(`${server.baseUrl}${path}`, { headers, redirect: "manual" });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      // a dropped connection is a failed read (status 0), not the end of the benchmark
      console.error(`  GET ${path} failed: ${(error as Error).cause ?? error}\n${server.output().slice(-2000)}`);
      status = 0;
      break;
    }
    if (i >= warmUps) times.push(performance.now() - sent);
    if (performance.now() - started > budgetMs && times.length >= 3) break;
    if (performance.now() - started > budgetMs && i < warmUps) i = warmUps - 1; // no more warm-ups
  }
  return { status, ...summarize(times), load: `${loadBefore}–${loadAverage()}` };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  ensureBuilt();
  const workload = buildWorkload(TOTAL);
  console.log(
    `Workload: ${workload.requests.length} requests, ${workload.distinct} distinct deliveries, body ${workload.bodyBytes.mean} B mean (${workload.bodyBytes.min}–${workload.bodyBytes.max})`,
  );
  const postgres = await postgresAvailable();
  const loads: LoadRow[] = [];
  const report: Record<string, unknown> = {};

  // (a), (c) and (d) take turns on live servers (c d a, d a c, a c d, …) so all see the same machine at the same time.
  const paired: Record<Side, LoadResult[]> = { a: [], c: [], d: [] };
  if (ONLY.has("ratio"))
    console.log(
      `(a) ingest vs (c) baseline in Next.js and (d) baseline from node:http, on SQLite (WAL, synchronous=FULL), ${ROUNDS} rounds`,
    );
  if (ONLY.has("ratio"))
    await withServers("sqlite", [PORTS[0]], { BENCH_BASELINE: "1" }, ([baseline], tc) =>
      withServers("sqlite", [PORTS[1]], {}, async ([ingest], ta) => {
        const target = {
          a: [ingest, INGEST_PATH],
          c: [baseline, BASELINE_PATH],
          d: [baseline, BENCH_BASELINE_NODE_PATH],
        } as const;
        const warm = {
          a: await warmUp([ingest], INGEST_PATH),
          c: await warmUp([baseline], BASELINE_PATH),
          d: await warmUp([baseline], BENCH_BASELINE_NODE_PATH),
        };
        const sides: Side[] = ["c", "d", "a"];
        for (let r = 0; r < ROUNDS; r++) {
          const work = buildWorkload(TOTAL, r + 1).requests;
          for (const side of [...sides.slice(r % 3), ...sides.slice(0, r % 3)]) {
            const [server, path] = target[side];
            const load = await measure(`(${side}) round ${r + 1}`, [server], path, work);
            paired[side].push(load);
            loads.push(row(`(${side}) ${SIDE_NAMES[side]}, SQLite, round ${r + 1}`, load));
          }
        }
        const baselines = combine([warm.c, ...paired.c, warm.d, ...paired.d]);
        loads.push(
          row("(c)+(d) baselines, SQLite: rows after all rounds", baselines, await checkBaseline(tc.url, baselines)),
        );
        loads.push(
          row(
            "(a) ingest, SQLite: rows after all rounds",
            combine([warm.a, ...paired.a]),
            await checkIngest(ta.url, combine([warm.a, ...paired.a])),
          ),
        );
        report.noticeLatencySqlite = await noticeLatency(ingest, ingest, 100, "sqlite");
      }),
    );

  if (ONLY.has("fixed")) console.log(`ingest route and baseline on SQLite at a fixed ${FIXED_RATE} req/s offered`);
  if (ONLY.has("fixed"))
    await withServers("sqlite", [PORTS[0]], { BENCH_BASELINE: "1" }, ([baseline], tc) =>
      withServers("sqlite", [PORTS[1]], {}, async ([ingest], ta) => {
        const warm = { a: await warmUp([ingest], INGEST_PATH), c: await warmUp([baseline], BASELINE_PATH) };
        const a = await measure(
          "(a) at 300 req/s",
          [ingest],
          INGEST_PATH,
          buildWorkload(TOTAL, 7).requests,
          FIXED_RATE,
        );
        loads.push(
          row(`(a) ingest, SQLite, ${FIXED_RATE} req/s offered`, a, await checkIngest(ta.url, combine([warm.a, a]))),
        );
        const c = await measure(
          "(c) at 300 req/s",
          [baseline],
          BASELINE_PATH,
          buildWorkload(TOTAL, 7).requests,
          FIXED_RATE,
        );
        loads.push(
          row(
            `(c) baseline, SQLite, ${FIXED_RATE} req/s offered`,
            c,
            await checkBaseline(tc.url, combine([warm.c, c])),
          ),
        );
      }),
    );

  if (!ONLY.has("postgres")) {
    // not asked for
  } else if (postgres) {
    for (const instances of [1, 2]) {
      console.log(`(b) ingest route on PostgreSQL, ${instances} instance(s)`);
      await withServers("postgresql", PORTS.slice(0, instances), {}, async (servers, t) => {
        const warm = await warmUp(servers, INGEST_PATH);
        const load = await measure(`(b) ×${instances}`, servers, INGEST_PATH, buildWorkload(TOTAL, 1).requests);
        loads.push(
          row(
            `(b) ingest, PostgreSQL, ${instances} instance${instances > 1 ? "s" : ""}`,
            load,
            await checkIngest(t.url, combine([warm, load])),
          ),
        );
        if (instances === 2)
          report.noticeLatencyPostgresAtoB = await noticeLatency(servers[0], servers[1], 100, "pg", t.url);
      });
    }
  } else {
    console.log("(b) SKIPPED: PostgreSQL does not answer");
    report.postgres = "skipped: PostgreSQL did not answer";
  }

  if (ONLY.has("reads")) console.log("reads with 10,000 mailboxes and 200,000 events");
  if (ONLY.has("reads"))
    await withServers("sqlite", [], {}, async (_none, t) => {
      await closeDatabase();
      const started = performance.now();
      const seeded = seedReadModel(t.url, 10_000, 20);
      const seedSeconds = round((performance.now() - started) / 1000, 2);
      const [server] = await startServers([{ port: PORTS[0], databaseUrl: t.url, env: BENCH_ENV }]);
      try {
        const uid = seeded.mailboxUids[4321];
        const reads: Record<string, unknown> = {
          seeded: { mailboxes: seeded.mailboxUids.length, events: seeded.events, seconds: seedSeconds },
        };
        for (const path of ["/api/mailboxes", `/api/mailboxes/${uid}`, "/mailboxes", `/mailboxes/${uid}`]) {
          const timing = await timeGet(server, path);
          reads[path.replace(uid, ":uid")] =
            timing.status === 404 ? { status: 404, note: "route not present in this build" } : timing;
        }
        report.reads = reads;
      } finally {
        await server.stop();
      }
    });

  if (ONLY.has("events"))
    for (const provider of stageDatabases(process.env.BENCH_EVENT_DBS, postgres)) {
      console.log(`event log on ${provider} with ${EVENTS.toLocaleString()} events`);
      await withServers(provider, [], {}, async (_none, t) => {
        await closeDatabase();
        const seedSeconds = round(await seedEvents(provider, t.url, EVENTS), 1);
        console.log(`  seeded ${EVENTS.toLocaleString()} events in ${seedSeconds}s (load average ${loadAverage()})`);
        // A loaded machine can take minutes to start a server on a large database.
        const [server] = await startServers([
          { port: PORTS[0], databaseUrl: t.url, env: BENCH_ENV, startTimeoutMs: 300_000 },
        ]);
        try {
          const reads: Record<string, unknown> = { seeded: { events: EVENTS, seconds: seedSeconds } };
          // The 1-minute load average before and after each read: on a shared machine it says how
          // much of the time was other people's work.
          for (const [name, path] of Object.entries(EVENT_READS))
            reads[name] = { path, ...(await timeGet(server, path)) };
          report.eventLog = { ...(report.eventLog as object), [provider]: reads };
          console.log(JSON.stringify(reads)); // at once: a later stage failing must not lose these figures
        } finally {
          await server.stop();
        }
      });
    }

  if (ONLY.has("scale"))
    for (const provider of stageDatabases(process.env.BENCH_SCALE_DBS, postgres)) {
      const counts = scaleCounts(SCALE);
      // BENCH_SCALE_REUSE: databases seeded and kept (BENCH_SCALE_KEEP=1) by an earlier run at the same BENCH_SCALE.
      const reuse = (process.env.BENCH_SCALE_REUSE ?? "").split(",").find((u) => u && providerOf(u) === provider);
      console.log(`scale on ${provider} at ${SCALE}: ${JSON.stringify(counts)}${reuse ? ` (reusing ${reuse})` : ""}`);
      const t = reuse ? undefined : await freshDatabase(provider);
      const url = reuse ?? t!.url;
      await closeDatabase();
      let server: AppServer | undefined;
      try {
        const seeded = reuse
          ? { ...(await describeScale(provider, url)), seconds: 0 }
          : await seedScale(provider, url, counts);
        seeded.seconds = round(seeded.seconds, 1);
        console.log(`  seeded in ${seeded.seconds}s (load average ${loadAverage()}): ${JSON.stringify(seeded.found)}`);
        if (reuse) await migrate(url); // migrations added since it was seeded (new indexes)
        const vacuumed = await vacuumScale(provider, url);
        if (vacuumed)
          console.log(`  VACUUM (ANALYZE) in ${round(vacuumed, 1)}s (this server runs with autovacuum off)`);
        [server] = await startServers([{ port: PORTS[0], databaseUrl: url, env: BENCH_ENV, startTimeoutMs: 300_000 }]);
        const only = process.env.BENCH_SCALE_READS ? new RegExp(process.env.BENCH_SCALE_READS) : undefined;
        const reads: Record<string, unknown> = {};
        for (const [name, path] of Object.entries(scaleReads(counts, seeded.sampleEventId))) {
          if (only && !only.test(name)) continue;
          const timing = await timeGet(server, path, SCALE_RUNS, {
            warmUps: SCALE_WARMUPS,
            budgetMs: SCALE_READ_SECONDS * 1000,
          });
          reads[name] = { path, ...timing, targetMs: targetMs(name) };
          console.log(
            `  ${name}: ${timing.status} p50 ${timing.p50} p95 ${timing.p95} ms, ${timing.samples} samples (load ${timing.load})`,
          );
        }
        report.scale = { ...(report.scale as object), [provider]: { seeded, reads } };
      } finally {
        await server?.stop();
        if (process.env.BENCH_SCALE_KEEP === "1" && t) console.log(`  kept the database: ${url}`);
        else await t?.drop();
      }
    }

  if (ONLY.has("flood")) {
    console.log(`flood: ${FLOOD} unsigned requests against the cap of ${REFUSAL_CAP} stored refusals per vendor`);
    await withServers("sqlite", [PORTS[0]], {}, async ([server], t) => {
      const started = performance.now();
      const statuses = new Map<number, number>();
      let next = 0;
      const body = JSON.stringify({ event: "domain.status_changed", filler: "x".repeat(4000) });
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < FLOOD) {
            next += 1;
            const response = await fetch(`${server.baseUrl}${INGEST_PATH}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body,
            });
            await response.arrayBuffer();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const [rows] = await queryOnce<{ n: number }>(t.url, `SELECT COUNT(*) AS n FROM "rejected_deliveries"`);
      const [counted] = await queryOnce<{ n: number | null }>(
        t.url,
        `SELECT SUM("count") AS n FROM "refusal_counters"`,
      );
      const stored = Number(rows.n);
      const total = stored + Number(counted.n ?? 0);
      report.flood = {
        requests: FLOOD,
        statuses: Object.fromEntries(statuses),
        seconds: round(seconds, 1),
        storedRows: stored,
        counted: Number(counted.n ?? 0),
        check: { ok: stored <= REFUSAL_CAP && total === FLOOD, detail: `${stored} rows + ${total - stored} counted` },
      };
    });
  }

  // Soak (and the SSE fan-out during it): its own module, its figures printed as soon as it ends.
  for (const stage of ["soak", "sse"] as const)
    for (const provider of ONLY.has(stage) ? soakDatabases(stage, postgres) : []) {
      console.log(`${stage} on ${provider}: ${JSON.stringify(soakSettings(stage))}`);
      const soak = await runSoak(provider, soakSettings(stage), {
        port: PORTS[0],
        withServers,
        queryOnce,
        checkIngest,
        combine,
        loadAverage,
      });
      printSoak(soak);
      report[stage] = { ...(report[stage] as object), [provider]: soak };
    }

  const rps = (side: LoadResult[]) => side.reduce((n, l) => n + l.sent, 0) / side.reduce((n, l) => n + l.seconds, 0);
  const headline = round(rps(paired.a) / rps(paired.c), 2);
  // Capacity when CPU-bound: the inverse ratio of server CPU per request (steadier on a busy machine).
  const cpuPerRequest = (side: LoadResult[]) =>
    side.reduce((n, l) => n + (l.serverCpuMsPerRequest ?? 0) * l.sent, 0) / side.reduce((n, l) => n + l.sent, 0);
  const cpuHeadline = round(cpuPerRequest(paired.c) / cpuPerRequest(paired.a), 2);
  // Like for like: ingest and the baseline both served from node:http (`npm start` serves webhooks so).
  const nodeHeadline = round(rps(paired.a) / rps(paired.d), 2);
  const nodeCpuHeadline = round(cpuPerRequest(paired.d) / cpuPerRequest(paired.a), 2);
  const fixed = loads.find((l) => l.name.startsWith(`(a) ingest, SQLite, ${FIXED_RATE} req/s`));

  console.log(
    "\n| run | req/s | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/req | 2xx | load average | rows check |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const l of loads)
    console.log(
      `| ${l.name} | ${l.rps} | ${l.p50} | ${l.p95} | ${l.p99} | ${l.max} | ${l.serverCpuMsPerRequest ?? "–"} | ${l.ok} | ${l.loadAverage} | ${l.check ? `${l.check.ok ? "OK" : "FAIL"}: ${l.check.detail}` : "(in the total below)"} |`,
    );
  if (paired.a.length)
    console.log(
      `\nHeadline (a)/(c) = ${headline} (${round(rps(paired.a), 0)} / ${round(rps(paired.c), 0)} req/s over ${ROUNDS} rounds each; target ≥ 0.9)`,
    );
  if (paired.a.length)
    console.log(
      `CPU-bound capacity (c)/(a) server CPU per request = ${cpuHeadline} (${round(cpuPerRequest(paired.c), 3)} / ${round(cpuPerRequest(paired.a), 3)} ms)`,
    );
  if (paired.a.length)
    console.log(
      `Like for like, both from node:http: (a)/(d) = ${nodeHeadline} by requests (${round(rps(paired.a), 0)} / ${round(rps(paired.d), 0)} req/s), (d)/(a) = ${nodeCpuHeadline} by server CPU per request (${round(cpuPerRequest(paired.d), 3)} / ${round(cpuPerRequest(paired.a), 3)} ms; target ≥ 0.9 each)`,
    );
  // PostgreSQL's server CPU per delivery against SQLite's ingest in the same run (target ≤ 1.5).
  const pgOne = loads.find((l) => l.name === "(b) ingest, PostgreSQL, 1 instance");
  if (pgOne?.serverCpuMsPerRequest && paired.a.length)
    console.log(
      `PostgreSQL / SQLite server CPU per delivery = ${round(pgOne.serverCpuMsPerRequest / cpuPerRequest(paired.a), 2)} (${pgOne.serverCpuMsPerRequest} / ${round(cpuPerRequest(paired.a), 3)} ms; target ≤ 1.5)`,
    );
  if (fixed)
    console.log(`p99 at ${FIXED_RATE} req/s offered = ${fixed.p99} ms (target < 50 ms), achieved ${fixed.rps} req/s`);
  for (const key of ["noticeLatencySqlite", "noticeLatencyPostgresAtoB"])
    if (report[key])
      console.log(
        `POST → SSE notice (${key.replace("noticeLatency", "")}): ${JSON.stringify(report[key])} (target p99 < 1000 ms)`,
      );
  const reads = (report.reads ?? {}) as Record<
    string,
    Partial<Summary> & { status?: number; note?: string; mailboxes?: number; events?: number; seconds?: number }
  >;
  if (reads.seeded) {
    console.log(
      `\nReads with ${reads.seeded.mailboxes} mailboxes and ${reads.seeded.events} events (seeded in ${reads.seeded.seconds}s); target < 150 ms`,
    );
    console.log("| route | status | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|");
    for (const [path, r] of Object.entries(reads))
      if (path !== "seeded")
        console.log(`| ${path} | ${r.status} | ${r.p50 ?? "–"} | ${r.p95 ?? "–"} | ${r.max ?? r.note ?? "–"} |`);
  }

  const eventLog = (report.eventLog ?? {}) as Record<
    string,
    Record<
      string,
      Partial<Summary> & { path?: string; status?: number; events?: number; seconds?: number; load?: string }
    >
  >;
  for (const [provider, reads] of Object.entries(eventLog)) {
    console.log(
      `\nEvent log on ${provider} with ${reads.seeded.events?.toLocaleString()} events (seeded in ${reads.seeded.seconds}s); target p95 < 300 ms`,
    );
    console.log("| read | status | p50 ms | p95 ms | max ms | load average |\n|---|---:|---:|---:|---:|---|");
    for (const [name, r] of Object.entries(reads))
      if (name !== "seeded") console.log(`| ${name} | ${r.status} | ${r.p50} | ${r.p95} | ${r.max} | ${r.load} |`);
  }
  const scale = (report.scale ?? {}) as Record<
    string,
    {
      seeded: { seconds: number; found: Record<string, number>; rollupsMatch: boolean };
      reads: Record<string, Summary & { status: number; load: string; targetMs: number | null }>;
    }
  >;
  for (const [provider, { seeded, reads }] of Object.entries(scale)) {
    console.log(
      `\nScale on ${provider} (BENCH_SCALE=${SCALE}), seeded in ${seeded.seconds}s: ${Object.entries(seeded.found)
        .map(([k, v]) => `${v.toLocaleString()} ${k}`)
        .join(", ")}; rollups ${seeded.rollupsMatch ? "match" : "DO NOT match"} the mail rows`,
    );
    console.log(
      "| read | status | p50 ms | p95 ms | max ms | target | load average |\n|---|---:|---:|---:|---:|---|---|",
    );
    for (const [name, r] of Object.entries(reads))
      console.log(
        `| ${name} | ${r.status} | ${r.p50} | ${r.p95} | ${r.max} | ${r.samples} | ${r.targetMs === null ? "(download)" : r.p95 < r.targetMs ? "ok" : `**over ${r.targetMs}**`} | ${r.load} |`,
      );
  }
  if (report.flood) console.log(`\nFlood: ${JSON.stringify(report.flood)}`);

  const file = join("bench-results", `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  mkdirSync("bench-results", { recursive: true });
  const settings = {
    seconds: SECONDS,
    requests: TOTAL,
    connections: CONNECTIONS,
    rounds: ROUNDS,
    fixedRate: FIXED_RATE,
    fixedRateConnections: FIXED_RATE_CONNECTIONS,
    node: process.version,
    cpus: (await import("node:os")).cpus().length,
  };
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt,
        settings,
        workload: { requests: workload.requests.length, distinct: workload.distinct, bodyBytes: workload.bodyBytes },
        loads,
        headline,
        cpuHeadline,
        nodeHeadline,
        nodeCpuHeadline,
        ...report,
      },
      null,
      2,
    ),
  );
  console.log(`\nWrote ${file}`);
  if ((report.flood as { check?: Check } | undefined)?.check?.ok === false) {
    console.error("Flood check FAILED: more refusal rows than the cap, or refusals neither stored nor counted.");
    process.exitCode = 1;
  }
  if (
    Object.values(scale).some(
      ({ seeded, reads }) => !seeded.rollupsMatch || Object.values(reads).some((r) => r.status !== 200),
    )
  ) {
    console.error("Scale check FAILED: rollups do not add up to the mail rows, or a read did not answer 200.");
    process.exitCode = 1;
  }
  const soaks = ["soak", "sse"].flatMap((stage) => Object.values((report[stage] ?? {}) as Record<string, SoakReport>));
  if (soaks.some((s) => !s.check.ok)) {
    console.error("Soak row check FAILED: stored rows do not match the deliveries answered.");
    process.exitCode = 1;
  }
  if (loads.some((l) => l.check && !l.check.ok)) {
    console.error("Row-count check FAILED: stored rows do not match the deliveries answered.");
    process.exitCode = 1;
  }
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
