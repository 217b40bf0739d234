// The soak stage of `npm run bench` (BENCH_ONLY=soak; BENCH_ONLY=sse runs it shorter, for the
// streams): BENCH_SOAK_SECONDS (default 300) at a fixed BENCH_SOAK_RATE (default 300) deliveries/s
// against one built server, 80 % Inkbox mail and 20 % InboxKit status events, while
// BENCH_SSE_STREAMS (default 2,000) operator SSE streams stay open on the same instance
// (tests/bench/sse-fanout.ts).
//
// Inkbox mail: a pool of BENCH_SOAK_MAILBOXES mailboxes (default 2,000); each message gives
// `message.sent`, then about a second later `message.delivered` (95 %) or `message.bounced` (5 %);
// one send in 50 is a vendor retry (same envelope id, new request id and signature), which must be
// stored once. Signed as Inkbox signs, at the moment each request leaves (Inkbox refuses timestamps
// more than 300 s old, and the soak is longer than that). InboxKit: the benchmark's status-event
// workload (tests/bench/workload.ts). Every 24th new message goes to a mailbox of its own (a probe),
// whose due and answer times give POST → notice latency on the streams (tests/bench/sse-fanout.ts).
//
// Open loop: requests leave on a schedule whatever the answers do, and each latency is counted from
// when the request was due to leave, so a slow server (or a late generator) cannot hide behind fewer
// requests. The generator is raw node:http with keep-alive; its own lag is reported.
import http from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { inkboxMessageEvent, signInkbox, type SimMessage } from "@/lib/simulator/inkbox";
import { sqlitePath } from "@/lib/db/provider";
import type { Provider } from "@/lib/db/provider";
import type { Database } from "@/lib/db/client";
import type { AppServer } from "../helpers/server";
import { latencySummary, percentile, type LoadResult } from "./load";
import { buildWorkload } from "./workload";

export const SOAK_INKBOX_KEY = "whsec_bench_inkbox_signing_key";
export const PROBE_PREFIX = "probe-";
const INKBOX_PATH = "/api/webhooks/inkbox";
const INBOXKIT_PATH = "/api/webhooks/inboxkit";
const MAIL_SHARE = 0.8;
const RETRY_EVERY = 50;
const PROBE_EVERY = 24;
const FOLLOW_UP_MS = 1000;
const BOUNCE_EVERY = 20;

type Outgoing = { key: string; path: string; body: string | Buffer; headers: Record<string, string>; probe?: string };

/** The soak's deliveries in send order, made as they are due (Inkbox signatures carry the send time). */
export function soakDeliveries(options: { seconds: number; rate: number; mailboxes: number; seed?: number }) {
  const inboxKit = buildWorkload(Math.ceil(options.rate * options.seconds * (1 - MAIL_SHARE) * 1.1) + 100, 11).requests;
  let kitCursor = 0;
  let mailSends = 0;
  let messages = 0;
  let kitBudget = 0;
  const followUps: { payload: object; key: string; due: number; probe?: string }[] = [];
  const recent: { payload: object; key: string }[] = [];

  const message = (n: number, probe: boolean): SimMessage => {
    const mailbox = probe
      ? `${PROBE_PREFIX}${n}@probes.soak.test`
      : `sender${n % options.mailboxes}@mail-${n % 200}.soak.test`;
    return {
      id: `msg_soak_${n}`,
      mailboxEmail: mailbox,
      direction: "outbound",
      from: mailbox,
      to: [`prospect${n}@example.com`],
      subject: `Quick question about your Q${n % 4} pipeline`,
      createdAt: new Date(),
    };
  };
  const mail = (eventType: string, m: SimMessage, n: number) => {
    const id = `evt_soak_${n}_${eventType.slice("message.".length)}`;
    return { payload: inkboxMessageEvent(eventType, m, { at: new Date(), id }), key: `inkbox:event:${id}` };
  };
  const signed = (payload: object, key: string, probe?: string): Outgoing => {
    const d = signInkbox(payload, { secret: SOAK_INKBOX_KEY });
    return { key, path: INKBOX_PATH, body: d.body, headers: d.headers, probe };
  };

  return (): Outgoing => {
    // 1 in 5 requests is InboxKit, spread evenly.
    kitBudget += 1 - MAIL_SHARE;
    if (kitBudget >= 1) {
      kitBudget -= 1;
      const d = inboxKit[kitCursor++ % inboxKit.length];
      return { key: d.key, path: INBOXKIT_PATH, body: d.body, headers: d.headers };
    }
    mailSends += 1;
    if (mailSends % RETRY_EVERY === 0 && recent.length) {
      const again = recent[Math.floor(recent.length / 2)];
      return signed(again.payload, again.key);
    }
    const now = Date.now();
    if (followUps.length && followUps[0].due <= now) {
      const next = followUps.shift()!;
      return signed(next.payload, next.key, next.probe);
    }
    const n = messages++;
    const probe = n % PROBE_EVERY === 0;
    const m = message(n, probe);
    const sent = mail("message.sent", m, n);
    const outcome = n % BOUNCE_EVERY === 7 ? "message.bounced" : "message.delivered";
    followUps.push({ ...mail(outcome, m, n), due: now + FOLLOW_UP_MS });
    recent.push(sent);
    if (recent.length > 200) recent.shift();
    return signed(sent.payload, sent.key, probe ? m.mailboxEmail : undefined);
  };
}

/**
 * A probe delivery: `dueAt` (epoch ms from performance.timeOrigin + now(), as the stream client's
 * arrivals) and `answeredAt` (Date.now() when its 2xx answer arrived, as the server's summaries'
 * `at`; null if it was not answered 2xx).
 */
export type Probe = { dueAt: number; answeredAt: number | null };

export type OpenLoopResult = LoadResult & {
  /** How late the generator sent requests (ms after they were due): its own health. */
  generatorLagP99: number;
  /** Probe uid → when its request was due to leave and when its 2xx answer arrived. */
  probes: Map<string, Probe>;
  byPath: Record<string, number>;
  /** Requests with no answer, by what the client saw (ECONNRESET, timeout, …). */
  errorKinds: Record<string, number>;
};

/** Sends `next()` at `rate` per second for `seconds` to `baseUrl`, open loop; waits for the answers (at most 15 s). */
export async function openLoop(options: {
  baseUrl: string;
  rate: number;
  seconds: number;
  next: () => Outgoing;
  onTick?: (elapsedSec: number) => void;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const url = new URL(options.baseUrl);
  const latencies: number[] = [];
  const lags: number[] = [];
  const okKeys = new Set<string>();
  const issuedKeys = new Set<string>();
  const probes = new Map<string, Probe>();
  const statuses: Record<string, number> = {};
  const byPath: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  /** Requests that got no answer, by what the client saw (ECONNRESET, timeout, …). */
  const errorKinds: Record<string, number> = {};
  let issued = 0;
  let answered = 0;
  const inFlight = new Set<http.ClientRequest>();
  const total = Math.round(options.rate * options.seconds);
  const started = performance.now();

  const send = (dueAt: number) => {
    const out = options.next();
    issued += 1;
    issuedKeys.add(out.key);
    byPath[out.path] = (byPath[out.path] ?? 0) + 1;
    let probe: Probe | null = null;
    if (out.probe && !probes.has(out.probe))
      probes.set(out.probe, (probe = { dueAt: performance.timeOrigin + dueAt, answeredAt: null }));
    lags.push(performance.now() - dueAt);
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: out.path,
        method: "POST",
        agent,
        headers: { ...out.headers, "content-length": Buffer.byteLength(out.body) },
        timeout: 10_000,
      },
      (response) => {
        response.resume();
        response.on("end", () => {
          answered += 1;
          latencies.push(performance.now() - dueAt);
          const status = response.statusCode ?? 0;
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status >= 200 && status < 300) {
            if (probe) probe.answeredAt = Date.now();
            ok += 1;
            okKeys.add(out.key);
          } else non2xx += 1;
        });
      },
    );
    inFlight.add(request);
    request.on("close", () => inFlight.delete(request));
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", (error: NodeJS.ErrnoException) => {
      answered += 1;
      errors += 1;
      const kind = error.code ?? error.message;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    });
    request.end(out.body);
  };

  let lastTick = -1;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.min(total, Math.floor((elapsed * options.rate) / 1000));
      while (issued < due) send(started + (issued * 1000) / options.rate);
      const second = Math.floor(elapsed / 1000);
      if (second !== lastTick) {
        lastTick = second;
        options.onTick?.(second);
      }
      if (issued >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  const deadline = performance.now() + 15_000;
  while (answered < issued && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  // Requests still queued (an overloaded server) are dropped here: destroying only the agent's
  // sockets would make it open new ones for the queue, one request at a time, long after the run.
  for (const request of inFlight) request.destroy();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    sent: issued,
    ok,
    non2xx,
    errors,
    errorKinds,
    seconds: round(seconds),
    rps: Math.round(answered / seconds),
    ...latencySummary(latencies),
    okKeys,
    issuedKeys,
    unanswered: issued - answered,
    statuses,
    generatorLagP99: round(percentile(lags, 99)),
    probes,
    byPath,
  };
}

/** The database's size on disk: the SQLite file with its WAL, or pg_database_size. */
export async function databaseBytes(
  provider: Provider,
  url: string,
  query: <T>(url: string, sql: string) => Promise<T[]>,
): Promise<number> {
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    const size = (p: string) => {
      try {
        return statSync(p).size;
      } catch {
        return 0;
      }
    };
    return size(path) + size(`${path}-wal`);
  }
  const [{ bytes }] = await query<{ bytes: bigint | number }>(
    url,
    `SELECT pg_database_size(current_database()) AS bytes`,
  );
  return Number(bytes);
}

/** Resident memory (kB) of a process and its descendants, from /proc. */
export function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

export type ServerSample = { at: number; rssKb: number; cpuSeconds: number };

/** RSS and CPU of the server every `everyMs` until stopped. */
export function sampleServer(server: AppServer, everyMs = 5000) {
  const samples: ServerSample[] = [];
  const take = () => samples.push({ at: Date.now(), rssKb: rssKb(server.pid), cpuSeconds: server.cpuSeconds() });
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

export type SoakContext = {
  port: number;
  /** run.ts's withServers: starts instances on a fresh database, always stops and drops. */
  withServers: <T>(
    provider: Provider,
    ports: number[],
    env: Record<string, string>,
    body: (servers: AppServer[], t: { url: string }) => Promise<T>,
  ) => Promise<T>;
  queryOnce: <T>(url: string, sql: string) => Promise<T[]>;
  checkIngest: (url: string, load: LoadResult) => Promise<{ ok: boolean; detail: string }>;
  combine: (loads: LoadResult[]) => LoadResult;
  loadAverage: () => number;
};

export type SoakSettings = {
  seconds: number;
  rate: number;
  mailboxes: number;
  streams: number;
  sampleStreams: number;
};

const HOUR_S = 3600;
const DAY_MS = 86_400_000;

/** The figures of one soak; `check.ok` false fails the run. */
export type SoakReport = Awaited<ReturnType<typeof runSoak>>;

export async function runSoak(provider: Provider, settings: SoakSettings, ctx: SoakContext) {
  // The inspector lets the fan-out collect garbage before its memory readings (port + 3: after run.ts's three).
  const inspectPort = ctx.port + 3;
  const env = {
    INKBOX_SIGNING_KEYS: SOAK_INKBOX_KEY,
    ...(settings.streams > 0
      ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --inspect=127.0.0.1:${inspectPort}`.trim() }
      : {}),
  };
  return ctx.withServers(provider, [ctx.port], env, async ([server], t) => {
    const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
    const next = soakDeliveries({ seconds: settings.seconds + 10, rate: settings.rate, mailboxes: settings.mailboxes });
    const emptyVacuumed = provider === "sqlite" ? await vacuumedBytes(t.url) : NaN;
    const warm = await openLoop({ baseUrl: server.baseUrl, rate: 100, seconds: 5, next });
    const { openFanout, noticeLatencies } = await import("./sse-fanout");
    const fanout =
      settings.streams > 0 ? await openFanout(server, settings.streams, settings.sampleStreams, inspectPort) : null;
    if (fanout) console.log(`  streams: ${JSON.stringify(fanout.open)} (load average ${ctx.loadAverage()})`);
    try {
      const sizeStart = await databaseBytes(provider, t.url, ctx.queryOnce);
      const cpuStart = server.cpuSeconds();
      const sampler = sampleServer(server);
      const loadStart = ctx.loadAverage();
      const progress: { second: number; bytes: number; load: number }[] = [];
      let pending: Promise<void> = Promise.resolve();
      const soak = await openLoop({
        baseUrl: server.baseUrl,
        rate: settings.rate,
        seconds: settings.seconds,
        next,
        onTick: (second) => {
          if (second === 0 || second % 30 !== 0) return;
          pending = pending.then(async () => {
            const bytes = await databaseBytes(provider, t.url, ctx.queryOnce);
            progress.push({ second, bytes, load: ctx.loadAverage() });
            console.log(`  ${second}s: database ${(bytes / 1e6).toFixed(1)} MB, load average ${ctx.loadAverage()}`);
          });
        },
      });
      await pending;
      // A second more at a tenth of the rate, outside the figures: the last probes' answers are
      // followed by a summary too (sse-fanout.ts noticeLatencies needs one written after each).
      const tail = fanout
        ? await openLoop({ baseUrl: server.baseUrl, rate: settings.rate / 10, seconds: 1, next })
        : null;
      const sizeEnd = await databaseBytes(provider, t.url, ctx.queryOnce);
      const cpuSeconds = server.cpuSeconds() - cpuStart;
      const samples = sampler.stop();
      const loadEnd = ctx.loadAverage();
      await new Promise((r) => setTimeout(r, 2000)); // the last notices reach the streams
      const client = fanout ? await fanout.finish() : null;
      const check = await ctx.checkIngest(t.url, ctx.combine(tail ? [warm, soak, tail] : [warm, soak]));
      const answered = soak.sent - soak.unanswered;
      const growth = sizeEnd - sizeStart;
      const bytesPerHour = (growth / soak.seconds) * HOUR_S;
      const report = {
        provider,
        offeredRate: settings.rate,
        seconds: soak.seconds,
        sent: soak.sent,
        byRoute: soak.byPath,
        achievedRps: soak.rps,
        p50: soak.p50,
        p95: soak.p95,
        p99: soak.p99,
        max: soak.max,
        statuses: soak.statuses,
        errors: soak.errors,
        errorKinds: soak.errorKinds,
        generatorLagP99: soak.generatorLagP99,
        check,
        serverCpuMsPerDelivery: round((cpuSeconds * 1000) / Math.max(1, answered), 3),
        serverCpuShare: round(cpuSeconds / soak.seconds, 2),
        serverRssKb: {
          start: samples[0].rssKb,
          end: samples[samples.length - 1].rssKb,
          max: Math.max(...samples.map((s) => s.rssKb)),
        },
        database: {
          startBytes: sizeStart,
          endBytes: sizeEnd,
          bytesPerDelivery: Math.round(growth / Math.max(1, answered)),
          bytesPerHour: Math.round(bytesPerHour),
          progress,
        },
        loadAverage: `${loadStart}–${loadEnd}`,
        streams: fanout ? fanout.open : null,
        // On PostgreSQL a notice may reach the streams after its answer: see noticeLatencies.
        notices: client && provider === "sqlite" ? noticeLatencies(soak.probes, client.windows) : null,
        streamClient: client
          ? {
              dropped: client.dropped,
              sampleEvents: client.events,
              megabytes: round(client.bytes / 1e6),
              bytesPerStreamPerSecond: Math.round(client.bytes / Math.max(1, fanout!.open.opened) / soak.seconds),
              cpuSeconds: round(client.clientCpuSeconds),
            }
          : null,
        retention: null as null | Record<string, number | string>,
      };
      // Is the growth bounded? Replay retention as it would run 31 and 91 days later on this very
      // database (SQLite: VACUUM gives comparable sizes): what is left is what stays for good.
      // A failure here must not lose the soak's figures.
      if (provider === "sqlite")
        report.retention = await retentionProjection(t.url, emptyVacuumed, bytesPerHour).catch((error: Error) => ({
          error: error.message.trim().split("\n").pop() ?? "failed",
        }));
      return report;
    } finally {
      fanout?.kill();
    }
  });
}

/** A consistent copy of a SQLite database that another process is writing to. */
async function snapshot(url: string, path: string): Promise<void> {
  const { openDatabase } = await import("@/lib/db/client");
  const db = openDatabase(url);
  try {
    await db.ready;
    await db.prisma.$executeRawUnsafe(`VACUUM INTO '${path.replaceAll("'", "''")}'`);
  } finally {
    await db.prisma.$disconnect();
  }
}

/** The SQLite database's size after VACUUM (comparable between samples, unlike the file's). */
async function vacuumedBytes(url: string): Promise<number> {
  const { openDatabase } = await import("@/lib/db/client");
  const db = openDatabase(url);
  try {
    await db.ready;
    await db.prisma.$executeRawUnsafe("VACUUM");
    const [{ bytes }] = await db.prisma.$queryRawUnsafe<{ bytes: number | bigint }[]>(
      "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()",
    );
    return Number(bytes);
  } finally {
    await db.prisma.$disconnect();
  }
}

/**
 * Retention as it would run 31 days later (every mail row of the soak past MAIL_ACTIVITY_RETENTION_DAYS,
 * default 30) and 91 days later (InboxKit payloads past EVENT_PAYLOAD_RETENTION_DAYS, 90 by default,
 * dropped too), sizes after VACUUM: the share of the soak's growth that retention takes back. What
 * stays is InboxKit's per-entity history: its rows, the entities they belong to and the bytes each
 * kept row costs (table and indexes, from SQLite's dbstat), so the permanent part can be projected
 * from entities × status changes instead of from delivery volume.
 */
async function retentionProjection(soaked: string, emptyBytes: number, bytesPerHour: number) {
  const { openDatabase } = await import("@/lib/db/client");
  const { retentionRound } = await import("@/lib/events/retention");
  // On a snapshot: the server is still storing the deliveries that queued up in an open loop, and
  // its writes would make VACUUM and retention fail with SQLITE_BUSY (VACUUM INTO only reads).
  const path = join(mkdtempSync(join(tmpdir(), "soak-retention-")), "snapshot.db");
  await snapshot(soaked, path);
  const url = `file:${path}`;
  const full = await vacuumedBytes(url);
  const db = openDatabase(url);
  const sizes: Record<string, number> = {};
  let history: Awaited<ReturnType<typeof keptHistory>> | null = null;
  try {
    await db.ready;
    for (const days of [31, 91]) {
      await retentionRound({
        db,
        now: new Date(Date.now() + days * DAY_MS),
        payloadDays: 90,
        refusedDays: 30,
        mailDays: 30,
        pause: async () => {},
      });
      sizes[days] = await vacuumedBytes(url);
    }
    history = await keptHistory(db);
  } finally {
    await db.prisma.$disconnect();
    rmSync(dirname(path), { recursive: true, force: true });
  }
  const kept = full - emptyBytes;
  const share = (bytes: number) => Math.round(((bytes - emptyBytes) / Math.max(1, kept)) * 1000) / 1000;
  const forGood = share(sizes[91]);
  return {
    keptBytes: kept,
    shareLeftAfter31Days: share(sizes[31]),
    shareLeftAfter91Days: forGood,
    /** Growth that never goes (InboxKit event rows without payload; see README). */
    permanentBytesPerHour: Math.round(bytesPerHour * forGood),
    /** What mail settles at: its growth per hour times the 30 days it is kept. */
    boundedPlateauBytes: Math.round(bytesPerHour * (1 - forGood) * 24 * 30),
    ...history,
  };
}

/** The event rows left after every retention step, what they cost, and whose history they are. */
async function keptHistory(db: Database) {
  const count = async (sql: string) =>
    (await db.prisma.$queryRawUnsafe<Record<string, bigint | number | null>[]>(sql))[0];
  const inboxKit = await count(
    `SELECT count(*) AS rows, count(DISTINCT entity_type || ':' || entity_uid) AS entities,
       sum(duplicate_count) AS deliveries, sum(CASE WHEN payload = '' THEN 1 ELSE 0 END) AS without_payload
     FROM webhook_events WHERE vendor = 'inboxkit'`,
  );
  const all = await count("SELECT count(*) AS rows FROM webhook_events");
  const table = await count(
    `SELECT sum(pgsize) AS bytes FROM dbstat
     WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'webhook_events')`,
  );
  const rows = Number(inboxKit.rows);
  return {
    /** InboxKit status rows left (their payloads dropped: `withoutPayload`), and every event row left. */
    keptEventRows: rows,
    withoutPayload: Number(inboxKit.without_payload ?? 0),
    eventRowsLeft: Number(all.rows),
    /** Deliveries those rows stand for: a re-delivery of an event raised its count instead of adding a row. */
    deliveriesCounted: Number(inboxKit.deliveries ?? 0),
    entities: Number(inboxKit.entities),
    rowsPerEntity: Math.round((rows / Math.max(1, Number(inboxKit.entities))) * 100) / 100,
    /** webhook_events with its indexes, per row left. */
    bytesPerKeptRow: Math.round(Number(table.bytes ?? 0) / Math.max(1, Number(all.rows))),
  };
}

export function printSoak(report: SoakReport): void {
  const r = report;
  console.log(
    `\nSoak on ${r.provider}: ${r.offeredRate} deliveries/s offered for ${r.seconds}s (load average ${r.loadAverage}): ` +
      `${r.sent} sent (${JSON.stringify(r.byRoute)}), achieved ${r.achievedRps}/s; p50 ${r.p50} / p95 ${r.p95} / p99 ${r.p99} / max ${r.max} ms ` +
      `(target p99 < 100 ms on SQLite); statuses ${JSON.stringify(r.statuses)}, ${r.errors} errors ${JSON.stringify(r.errorKinds)}; generator lag p99 ${r.generatorLagP99} ms`,
  );
  console.log(`  rows: ${r.check.ok ? "OK" : "FAIL"}: ${r.check.detail}`);
  console.log(
    `  server CPU ${r.serverCpuMsPerDelivery} ms/delivery (${Math.round(r.serverCpuShare * 100)} % of a core); RSS ${Math.round(r.serverRssKb.start / 1024)} → ${Math.round(r.serverRssKb.end / 1024)} MB (max ${Math.round(r.serverRssKb.max / 1024)})`,
  );
  console.log(
    `  database ${(r.database.startBytes / 1e6).toFixed(1)} → ${(r.database.endBytes / 1e6).toFixed(1)} MB: ${r.database.bytesPerDelivery} B/delivery, ${(r.database.bytesPerHour / 1e9).toFixed(2)} GB/hour at this rate`,
  );
  if (r.retention && "error" in r.retention) console.log(`  retention projection FAILED: ${r.retention.error}`);
  else if (r.retention)
    console.log(
      `  retention: ${Math.round((r.retention.shareLeftAfter31Days as number) * 100)} % of it left 31 days later (mail deleted), ${Math.round((r.retention.shareLeftAfter91Days as number) * 100)} % after 91 (InboxKit payloads dropped): ` +
        `mail plateaus at ≈ ${((r.retention.boundedPlateauBytes as number) / 1e9).toFixed(0)} GB, ${((r.retention.permanentBytesPerHour as number) / 1e6).toFixed(1)} MB/hour stays for good: ` +
        `${r.retention.keptEventRows} InboxKit status rows (${r.retention.withoutPayload} without payload; ${r.retention.eventRowsLeft} event rows left in all) for ${r.retention.deliveriesCounted} deliveries, ` +
        `${r.retention.entities} entities (${r.retention.rowsPerEntity} rows each), ${r.retention.bytesPerKeptRow} B per row with its indexes`,
    );
  if (r.streams)
    console.log(
      `  ${r.streams.opened} of ${r.streams.streams} SSE streams open (${r.streams.failed} failed${r.streams.firstError ? `: ${r.streams.firstError}` : ""}; server counts ${r.streams.serverCounted}) in ${r.streams.openSeconds}s: ` +
        `RSS ${r.streams.rssPerStreamKb} KB/stream, heap ${r.streams.heapPerStreamKb} KB/stream (target < 50 KB)`,
    );
  if (r.notices)
    console.log(
      `  POST → covering summary on ${r.notices.sampleStreams} sample streams, ${r.notices.probes} probes answered: p50 ${r.notices.p50} / p95 ${r.notices.p95} / p99 ${r.notices.p99} / max ${r.notices.max} ms, ${r.notices.missing} missing (target p99 < 1000 ms)`,
    );
  else if (r.streams)
    console.log("  POST → notice not measured on PostgreSQL (notices come back through LISTEN, after the answer)");
  if (r.streamClient) console.log(`  stream client: ${JSON.stringify(r.streamClient)}`);
}

/** BENCH_ONLY=soak: the full soak; BENCH_ONLY=sse: the same with the streams, for BENCH_SSE_SECONDS (default 60). */
export function soakSettings(stage: "soak" | "sse"): SoakSettings {
  const env = process.env;
  return {
    seconds: Number(stage === "soak" ? (env.BENCH_SOAK_SECONDS ?? 300) : (env.BENCH_SSE_SECONDS ?? 60)),
    rate: Number(env.BENCH_SOAK_RATE ?? 300),
    mailboxes: Number(env.BENCH_SOAK_MAILBOXES ?? 2000),
    streams: Number(env.BENCH_SSE_STREAMS ?? 2000),
    sampleStreams: Number(env.BENCH_SSE_SAMPLE ?? 20),
  };
}

/** BENCH_SOAK_DBS (default sqlite; `sqlite,postgresql` adds PostgreSQL when it answers). The fan-out alone runs on SQLite. */
export function soakDatabases(stage: "soak" | "sse", postgres: boolean): Provider[] {
  if (stage === "sse") return ["sqlite"];
  const asked = (process.env.BENCH_SOAK_DBS ?? "sqlite").split(",").map((s) => s.trim());
  return (["sqlite", "postgresql"] as const).filter((p) => asked.includes(p) && (p === "sqlite" || postgres));
}
