// A full disk, where the machine lets us mount a small tmpfs (we run as root; otherwise the scenario
// is reported as skipped, with the reason). The SQLite database lives on a 2 MiB tmpfs:
//   1. running server, disk filled: deliveries answer 503 + Retry-After (never 500), readiness 503,
//      liveness 200; space freed: the same deliveries are stored, readiness 200, no restart;
//   2. server started while the disk is full (its first open fails): 503; space freed: 200, no restart.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "@/lib/db/migrate";
import { buildWorkload, type Delivery } from "../bench/workload";
import { send, unexpected5xx, type Answer } from "./http";
import { Ledger } from "./ledger";
import { chaosServer, freePort } from "./servers";

export type DiskResult = { name: string; ok: boolean; skipped?: string; steps: string[]; check?: string };

/** Fills the file system holding `dir` with one file; returns how to free it again. */
function fill(dir: string): () => void {
  const file = join(dir, "filler");
  const fd = openSync(file, "a");
  const chunk = Buffer.alloc(16 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // ENOSPC: full; then the last few bytes
    try {
      for (;;) writeSync(fd, Buffer.alloc(512, 1));
    } catch {
      // full
    }
  } finally {
    closeSync(fd);
  }
  return () => rmSync(file, { force: true });
}

const expect = (steps: string[], problems: string[], ok: boolean, what: string) => {
  steps.push(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) problems.push(what);
};

export async function fullDisk(seed: number): Promise<DiskResult> {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-chaos-disk-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", dir], { encoding: "utf8" });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return {
      name: "full disk (2 MiB tmpfs)",
      ok: true,
      skipped: `cannot mount a tmpfs here: ${(mounted.stderr || mounted.error?.message || "").trim()}`,
      steps: [],
    };
  }
  const steps: string[] = [];
  const problems: string[] = [];
  const url = `file:${join(dir, "data", "dashboard.db")}`;
  const ledger = new Ledger();
  const work = buildWorkload(2_000, seed).requests.filter((d, i, all) => all.findIndex((o) => o.key === d.key) === i);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const deliver = async (d: Delivery): Promise<Answer> => {
    const answer = await send(`${base}/api/webhooks/inboxkit`, { headers: d.headers, body: d.body });
    ledger.record(d.key, answer);
    return answer;
  };
  let server = undefined as Awaited<ReturnType<typeof chaosServer>> | undefined;
  try {
    await migrate(url);
    server = await chaosServer(url, port);
    // Each stored delivery adds about 70 KB of WAL (whole pages), so only a few fit before the filler.
    const before = await Promise.all(work.splice(0, 4).map(deliver));
    expect(
      steps,
      problems,
      before.every((a) => a.status === 200),
      "before: 4 deliveries are stored (200)",
    );

    // 1. The disk fills up under a running server.
    let free = fill(dir);
    const refused: Delivery[] = [];
    const statuses: Record<string, number> = {};
    for (let i = 0; i < 100 && refused.length < 6; i++) {
      const d = work.shift()!;
      const answer = await deliver(d);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (unexpected5xx(answer)) problems.push(`full disk: a delivery answered ${answer.status}`);
      if (answer.status !== 200) refused.push(d);
    }
    steps.push(`     disk full: ${JSON.stringify(statuses)} (status → deliveries)`);
    expect(
      steps,
      problems,
      refused.length > 0 && !problems.length,
      "disk full: deliveries answered 503 + Retry-After, none 500",
    );
    expect(
      steps,
      problems,
      (await send(`${base}/api/health/ready`)).status === 503,
      "disk full: /api/health/ready answers 503",
    );
    expect(
      steps,
      problems,
      (await send(`${base}/api/health`)).status === 200,
      "disk full: /api/health (liveness) answers 200",
    );
    free();
    const retried = await Promise.all(refused.map(deliver));
    expect(
      steps,
      problems,
      retried.every((a) => a.status === 200),
      `space freed: the ${refused.length} refused deliveries are stored on retry (200), no restart`,
    );
    expect(
      steps,
      problems,
      (await send(`${base}/api/health/ready`)).status === 200,
      "space freed: /api/health/ready answers 200",
    );

    // 2. The server starts while the disk is full: its first open fails.
    await server.stop();
    server = undefined;
    free = fill(dir);
    server = await chaosServer(url, port);
    const first = work.shift()!;
    const atStart = await deliver(first);
    expect(
      steps,
      problems,
      atStart.status === 503 && atStart.retryAfter !== null,
      `started on a full disk: a delivery answers 503 + Retry-After (got ${atStart.status})`,
    );
    free();
    expect(
      steps,
      problems,
      (await deliver(first)).status === 200,
      "space freed: the same delivery is stored (200), no restart",
    );

    const check = await ledger.check(url);
    expect(steps, problems, check.ok, `stored: ${check.detail}`);
    return { name: "full disk (2 MiB tmpfs)", ok: problems.length === 0, steps, check: check.detail };
  } finally {
    await server?.stop();
    spawnSync("umount", [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}
