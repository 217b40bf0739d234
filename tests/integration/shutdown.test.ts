// `npm start` stopped with SIGTERM (as a service manager or container runtime stops it): nothing of
// its process tree keeps serving, a delivery already in flight is still answered and stored, and the
// database is closed cleanly (SQLite removes its WAL when the last connection closes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { inboxKitSignature } from "@/lib/webhooks/inboxkit/verify";
import { mailboxEvent, TEST_SECRET } from "../helpers/inboxkit";
import { ensureBuilt, SERVER_ENV } from "../helpers/server";

const BUILD_TIMEOUT_MS = 240_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/** Every live descendant of `root` (from /proc). */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const fields = readFileSync(`/proc/${name}/stat`, "utf8")
        .replace(/^.*\) /, "")
        .split(" ");
      if (fields[0] !== "Z") parents.set(Number(name), Number(fields[1]));
    } catch {
      // exited meanwhile
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) if (!tree.has(pid) && tree.has(ppid)) grew = tree.add(pid) !== undefined;
  }
  tree.delete(root);
  return [...tree];
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /, "")
      .startsWith("Z");
  } catch {
    return false;
  }
};

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.arrayBuffer().then(() => true),
    () => false,
  );

describe("SIGTERM to npm start", () => {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-shutdown-"));
  const path = join(dir, "data", "dashboard.db");
  let npm: ChildProcess;
  let tree: number[] = [];
  let port: number;
  let output = "";

  beforeAll(async () => {
    ensureBuilt();
    port = await freePort();
    npm = spawn("npm", ["start"], {
      env: {
        ...process.env,
        ...SERVER_ENV,
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        DATABASE_URL: `file:${path}`,
        SKIP_BUILD: "1",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    npm.stdout!.on("data", (chunk) => (output += chunk));
    npm.stderr!.on("data", (chunk) => (output += chunk));
    await until(() => answers(`http://127.0.0.1:${port}/api/health`), "npm start to serve");
    tree = descendants(npm.pid!);
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    for (const pid of npm?.pid ? [...tree, npm.pid] : []) if (alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the delivery in flight, stops every process it started, and closes the database", async () => {
    expect(tree.length).toBeGreaterThan(0);

    // A delivery whose body is still arriving when the signal comes.
    const body = Buffer.from(JSON.stringify(mailboxEvent("mb-in-flight", "active", "2024-05-01T00:00:00.000Z")));
    const signature = inboxKitSignature("api-key-sha256", TEST_SECRET, body).toString("hex");
    let status = 0;
    const answered = new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/api/webhooks/inboxkit",
          headers: {
            "content-type": "application/json",
            "content-length": body.length,
            "x-inboxkit-signature": `sha256=${signature}`,
          },
        },
        (res) => {
          status = res.statusCode ?? 0;
          res.resume().on("end", resolve);
        },
      );
      req.on("error", reject);
      req.write(body.subarray(0, 20));
      setTimeout(() => {
        npm.kill("SIGTERM");
        setTimeout(() => req.end(body.subarray(20)), 1000);
      }, 300);
    });
    await answered;
    expect(status).toBe(200);

    await until(() => npm.exitCode !== null || npm.signalCode !== null, "npm to exit", 30_000);
    await until(
      () => tree.every((pid) => !alive(pid)),
      `every process npm start ran to exit (${tree.join(", ")})\n${output}`,
      15_000,
    );
    expect(await answers(`http://127.0.0.1:${port}/api/health`)).toBe(false);

    expect(existsSync(`${path}-wal`)).toBe(false); // closed cleanly: the last connection checkpointed and removed it
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      expect(
        db.prepare(`SELECT count(*) AS n FROM "webhook_events" WHERE "entity_uid" = 'mb-in-flight'`).get(),
      ).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
