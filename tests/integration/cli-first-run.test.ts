// The first run, through the real CLIs: with data/server.json announcing a server (as `npm start`
// writes it), `npm run simulate` plays against that address without --url and prints `duplicate`
// for a retry, and `npm run login-link` prints a one-time link for that address.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeServerFile } from "@/lib/cli/server-file";

const ROOT = resolve(".");
let dir: string;
let server: Server;
let base: string;
const bodies: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cli-first-run-"));
  // A stand-in dashboard: answers like the InboxKit route, `duplicate` for a body it has seen.
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const duplicate = bodies.includes(body);
      bodies.push(body);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ received: true, event_id: bodies.length, outcome: "applied", duplicate }));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  base = `http://127.0.0.1:${port}`;
  writeServerFile(base, join(dir, "data", "server.json"));
  // login-link migrates the (default, here temporary) database from the checkout's migrations.
  symlinkSync(join(ROOT, "prisma"), join(dir, "prisma"));
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a CLI asynchronously (the stand-in server lives in this process, so it must keep answering). */
function run(cli: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const tsx = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "esm", "index.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, join(ROOT, "lib", "cli", cli), ...args], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: "3999", // what the announced address must win over
      INBOXKIT_WEBHOOK_SECRETS: "first-run-key",
      INKBOX_SIGNING_KEYS: "whsec_first_run",
      SESSION_SECRET: "first-run-session-secret-0123456789abcdef",
      DASHBOARD_PASSWORD: "first-run-password",
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((done) => child.on("close", (status) => done({ status, stdout, stderr })));
}

describe("CLIs on a first run", () => {
  it("simulate plays against the announced server and prints duplicate for each retry", async () => {
    const out = await run("simulate.ts", ["duplicates", "--delay", "0"]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain(`against ${base}`);
    expect(bodies.length).toBe(13);
    const retries = out.stdout.split("\n").filter((line) => line.includes("(retry"));
    expect(retries.length).toBe(7);
    for (const line of retries) expect(line).toContain("[duplicate]");
  }, 90_000);

  it("login-link prints a sign-in link (no account yet: the first one's) for the announced server, on its own", async () => {
    const out = await run("login-link.ts", []);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.trim()).toMatch(new RegExp(`^${base.replace(/[.]/g, "\\.")}/login\\?token=[\\w.-]+$`));
  }, 60_000);
});
