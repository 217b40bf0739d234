// CPU per delivery of our webhook route handlers alone, without HTTP or Next.js: the soak's mix
// (tests/bench/soak.ts: 80 % Inkbox mail, 20 % InboxKit status events) as Requests handed straight to
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
import { BENCH_SCHEME, BENCH_SECRET } from "./workload";

const provider = (process.argv[2] ?? "sqlite") as "sqlite" | "postgresql";
const DELIVERIES = Number(process.env.DELIVERIES ?? 6000);
const WARMUP = Number(process.env.WARMUP ?? 600);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const RATE = 300;

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
      return {
        path: out.path,
        request: new Request(`http://localhost${out.path}`, {
          method: "POST",
          headers,
          body: typeof out.body === "string" ? out.body : new Uint8Array(out.body),
        }),
      };
    });
  } finally {
    Date.now = realNow;
  }
}

async function drive(batch: ReturnType<typeof deliveries>, statuses: Record<number, number>) {
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
console.log(
  JSON.stringify({
    provider,
    deliveries: DELIVERIES,
    concurrency: CONCURRENCY,
    cpuMsPerDelivery: Math.round(((cpu.user + cpu.system) / 1000 / DELIVERIES) * 1000) / 1000,
    wallMsPerDelivery: Math.round((wall / DELIVERIES) * 1000) / 1000,
    statuses,
    warmup: warmStatuses,
    loadAverage: loadavg()[0].toFixed(1),
  }),
);
await t.drop();
if (Object.keys(statuses).some((s) => s !== "200") || Object.keys(warmStatuses).some((s) => s !== "200"))
  process.exit(1);
