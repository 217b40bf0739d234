// CPU per delivery of our webhook route handlers alone, without HTTP or Next.js: the soak's mix
// (tests/bench/soak.ts: 80 % Inkbox mail, 20 % InboxKit status events), or with WORKLOAD=ratio the
// ratio stage's (tests/bench/workload.ts: InboxKit status events, duplicates, reorders), as Requests handed straight to
// the routes' POST on a fresh migrated database, DELIVERIES of them (default 6,000) after WARMUP
// (default 600), CONCURRENCY at a time (default 16, so group commit shares transactions as it does
// under load). Prints the process's CPU ms per delivery (user + system) and the answers' statuses;
// every delivery must be answered 200. The Requests are built before the clock starts, so the
// figure is the handlers' (and the database driver's) own work. For a profile of the same work:
//   node --cpu-prof --cpu-prof-dir=<dir> --import tsx tests/bench/ingest-cpu.ts [sqlite|postgresql]
// Run: npx tsx tests/bench/ingest-cpu.ts [sqlite|postgresql]
import { POST as postInkbox } from "@/app/api/webhooks/inkbox/route";
import { POST as postInboxKit } from "@/app/api/webhooks/inboxkit/route";
import { resetConfig } from "@/lib/config";
import { freshDatabase } from "../helpers/db";
import { SERVER_ENV } from "../helpers/server";
import { SOAK_INKBOX_KEY, soakDeliveries } from "./soak";
import { BENCH_SCHEME, BENCH_SECRET, buildWorkload } from "./workload";

const provider = (process.argv[2] ?? "sqlite") as "sqlite" | "postgresql";
const DELIVERIES = Number(process.env.DELIVERIES ?? 6000);
const WARMUP = Number(process.env.WARMUP ?? 600);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const RATE = 300;
const WORKLOAD = process.env.WORKLOAD === "ratio" ? "ratio" : "soak";

// As the bench runs its servers (tests/bench/run.ts, soak.ts).
Object.assign(process.env, SERVER_ENV, {
  INBOXKIT_WEBHOOK_SECRETS: BENCH_SECRET,
  INBOXKIT_SIGNATURE_SCHEME: BENCH_SCHEME,
  INKBOX_SIGNING_KEYS: SOAK_INKBOX_KEY,
  LOG_LEVEL: "silent",
});
resetConfig();
const t = await freshDatabase(provider);

/**
 * The soak's deliveries in its order, made ahead of time: the generator's clock (Date.now, which
 * schedules each message's follow-up a second later) advances by 1/RATE s per delivery, as at 300/s.
 */
function deliveries(count: number) {
  if (WORKLOAD === "ratio") return ratioDeliveries(count);
  const realNow = Date.now;
  let clock = realNow();
  Date.now = () => clock;
  try {
    const next = soakDeliveries({ seconds: count / RATE + 10, rate: RATE, mailboxes: 2000 });
    return Array.from({ length: count }, () => {
      clock += 1000 / RATE;
      const out = next();
      const headers = Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k.toLowerCase(), v]));
      headers["content-length"] = String(Buffer.byteLength(out.body));
      return toRequest(out.path, headers, typeof out.body === "string" ? out.body : new Uint8Array(out.body));
    });
  } finally {
    Date.now = realNow;
  }
}

type Sent = { path: string; request: Request };
const toRequest = (path: string, headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>): Sent => ({
  path,
  request: new Request(`http://localhost${path}`, { method: "POST", headers, body }),
});

/** The ratio stage's workload (its warm-up is a separate seed, as in tests/bench/run.ts). */
function ratioDeliveries(count: number): Sent[] {
  const warm = buildWorkload(WARMUP, 99).requests;
  const measured = buildWorkload(count - WARMUP, 1).requests;
  return [...warm, ...measured].map((d) =>
    toRequest(
      "/api/webhooks/inboxkit",
      { ...d.headers, "content-length": String(d.body.length) },
      new Uint8Array(d.body),
    ),
  );
}

async function drive(batch: Sent[], statuses: Record<number, number>) {
  let cursor = 0;
  const worker = async () => {
    while (cursor < batch.length) {
      const { path, request } = batch[cursor++];
      const response = await (path.endsWith("/inkbox") ? postInkbox(request) : postInboxKit(request));
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const all = deliveries(WARMUP + DELIVERIES);
const warmStatuses: Record<number, number> = {};
await drive(all.slice(0, WARMUP), warmStatuses);
const statuses: Record<number, number> = {};
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
await drive(all.slice(WARMUP), statuses);
const cpu = process.cpuUsage(cpuStart);
const wall = performance.now() - wallStart;
const { loadavg } = await import("node:os");
const perDelivery = (micros: number) => Math.round((micros / 1000 / DELIVERIES) * 1000) / 1000;
console.log(
  JSON.stringify({
    provider,
    workload: WORKLOAD,
    deliveries: DELIVERIES,
    concurrency: CONCURRENCY,
    cpuMsPerDelivery: perDelivery(cpu.user + cpu.system),
    // system: the kernel's share (socket writes and reads per round trip to PostgreSQL, fsync on SQLite)
    userMsPerDelivery: perDelivery(cpu.user),
    systemMsPerDelivery: perDelivery(cpu.system),
    wallMsPerDelivery: Math.round((wall / DELIVERIES) * 1000) / 1000,
    statuses,
    warmup: warmStatuses,
    loadAverage: loadavg()[0].toFixed(1),
  }),
);
await t.drop();
if (Object.keys(statuses).some((s) => s !== "200") || Object.keys(warmStatuses).some((s) => s !== "200"))
  process.exit(1);
