// `npm run chaos`: faults and hostile input against the built production server, over loopback,
// bounded (about 5 minutes; CHAOS_SHORT=1 about 1.5 minutes, as .ci/run runs it). Prints the figures,
// writes chaos-results/<timestamp>.json (and any failing fuzz body), and exits non-zero on any loss:
//   - kill -9 of the server under signed load, on SQLite and on PostgreSQL (every 2xx stored once);
//   - fuzzed bodies, signed and unsigned, on both webhook routes (no 5xx but 503 + Retry-After, every
//     answer within 10 s);
//   - another process holding the SQLite write lock (answers within 10 s, all stored after retries);
//   - a full disk on a 2 MiB tmpfs, where the machine allows mounting one (else reported as skipped).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { postgresAvailable } from "../helpers/db";
import { ensureBuilt } from "../helpers/server";
import { fullDisk } from "./disk";
import { fuzz } from "./fuzz";
import { killUnderLoad } from "./kill";
import { outsideLock } from "./lock";

const SHORT = process.env.CHAOS_SHORT === "1";
const PLAN = SHORT
  ? { kills: 3, fuzzSqlite: 1_200, fuzzPostgres: 0, lockSeconds: 6 }
  : { kills: 10, fuzzSqlite: 5_000, fuzzPostgres: 1_000, lockSeconds: 20 };
const SEED = Number(process.env.CHAOS_SEED ?? 20261201);

type Result = { name: string; ok: boolean; skipped?: string } & Record<string, unknown>;

function print(result: Result, seconds: number): void {
  const verdict = result.skipped ? "SKIPPED" : result.ok ? "ok" : "FAILED";
  console.log(`\n[${verdict}] ${result.name} (${seconds.toFixed(0)} s)`);
  if (result.skipped) console.log(`  ${result.skipped}`);
  for (const [key, value] of Object.entries(result)) {
    if (["name", "ok", "skipped"].includes(key)) continue;
    if (Array.isArray(value))
      for (const line of value) console.log(`  ${key}: ${typeof line === "string" ? line : JSON.stringify(line)}`);
    else console.log(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const resultsDir = join("chaos-results", stamp);
  ensureBuilt();
  const postgres = await postgresAvailable();
  console.log(
    `Chaos suite (${SHORT ? "short" : "full"}), seed ${SEED}; PostgreSQL ${postgres ? "available" : "NOT available: its scenarios fail"}`,
  );

  const scenarios: [string, () => Promise<Result>][] = [
    ["kill sqlite", () => killUnderLoad("sqlite", PLAN.kills, SEED)],
    [
      "kill postgresql",
      () =>
        postgres
          ? killUnderLoad("postgresql", PLAN.kills, SEED + 1)
          : Promise.resolve({ name: "kill -9 on postgresql", ok: false, skipped: "PostgreSQL does not answer" }),
    ],
    ["fuzz sqlite", () => fuzz("sqlite", PLAN.fuzzSqlite, SEED, resultsDir)],
    ...(PLAN.fuzzPostgres && postgres
      ? ([["fuzz postgresql", () => fuzz("postgresql", PLAN.fuzzPostgres, SEED + 7, resultsDir)]] as [
          string,
          () => Promise<Result>,
        ][])
      : []),
    ["lock", () => outsideLock(PLAN.lockSeconds, SEED)],
    ["disk", () => fullDisk(SEED)],
  ];
  const results: (Result & { seconds: number })[] = [];
  // CHAOS_ONLY=kill,fuzz,lock,disk runs a part (while working on one scenario).
  const only = process.env.CHAOS_ONLY?.split(",").map((s) => s.trim());
  for (const [label, run] of scenarios.filter(([label]) => !only || only.some((o) => label.startsWith(o)))) {
    const started = performance.now();
    let result: Result;
    try {
      result = await run();
    } catch (error) {
      result = { name: label, ok: false, error: (error as Error).stack ?? String(error) };
    }
    const seconds = (performance.now() - started) / 1000;
    print(result, seconds);
    results.push({ ...result, seconds: Math.round(seconds) });
  }

  const failed = results.filter((r) => !r.ok);
  const total = (performance.now() / 1000).toFixed(0);
  mkdirSync("chaos-results", { recursive: true });
  const file = join("chaos-results", `${stamp}.json`);
  writeFileSync(file, JSON.stringify({ startedAt, short: SHORT, seed: SEED, plan: PLAN, results }, null, 2));
  console.log(
    `\n${failed.length ? `FAILED: ${failed.map((r) => r.name).join("; ")}` : "All scenarios passed"} (${total} s; ${file})`,
  );
  process.exit(failed.length ? 1 : 0);
}

main().catch((error: Error) => {
  console.error(`chaos suite failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
