// `npm start` checks the whole configuration before it migrates, builds or serves: a malformed
// variable stops it with a non-zero exit and one line naming the variable and the rule (never the
// value). Spawns the real start path (lib/cli/start.ts, what `npm start` execs) in an empty
// directory, so no .env.local is read or written.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SERVER_ENV } from "../helpers/server";

const ROOT = join(import.meta.dirname, "..", "..");
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const dirs: string[] = [];

function start(overrides: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-start-config-"));
  dirs.push(dir);
  const result = spawnSync(process.execPath, ["--import", TSX, join(ROOT, "lib", "cli", "start.ts")], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      ...SERVER_ENV,
      DATABASE_URL: `file:${join(dir, "data", "dashboard.db")}`,
      SKIP_BUILD: "1",
      PORT: "3201",
      HOSTNAME: "127.0.0.1",
      ...overrides,
    },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { ...result, dir, lines: result.stderr.split("\n").filter((line) => line.trim()) };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm start with a malformed variable", () => {
  it.each([
    ["DASHBOARD_API_TOKEN", "short", "DASHBOARD_API_TOKEN must be at least 16 characters"],
    ["DASHBOARD_API_TOKEN", "not-long-enough", "DASHBOARD_API_TOKEN must be at least 16 characters"],
    ["SESSION_SECRET", "tiny-secret", "SESSION_SECRET must be at least 16 characters"],
    ["CUSTOMER_LINK_SECRET", "abc", "CUSTOMER_LINK_SECRET must be at least 16 characters"],
    ["SQLITE_BUSY_TIMEOUT_MS", "soon", "SQLITE_BUSY_TIMEOUT_MS must be a whole number (at least 0)"],
    ["DATABASE_POOL_SIZE", "0", "DATABASE_POOL_SIZE must be a whole number (at least 1)"],
    ["SQLITE_GROUP_COMMIT", "yes", "SQLITE_GROUP_COMMIT must be 0 (off) or 1 (on)"],
    ["PG_GROUP_COMMIT", "on", "PG_GROUP_COMMIT must be 0 (off) or 1 (on)"],
    ["PG_PIPELINE", "off", "PG_PIPELINE must be 0 (off) or 1 (on)"],
    ["PORT", "http", "PORT must be a whole number from 0 to 65535"],
    ["INBOXKIT_SIGNATURE_SCHEME", "md5", "INBOXKIT_SIGNATURE_SCHEME must be one of api-key-sha256, hmac-sha256"],
    ["DATABASE_URL", "mysql://db/x", "DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)"],
    ["EVENT_PAYLOAD_RETENTION_DAYS", "ninety", "EVENT_PAYLOAD_RETENTION_DAYS must be a whole number of days"],
    ["REFUSED_RETENTION_DAYS", "0", "REFUSED_RETENTION_DAYS must be a whole number of days"],
    ["QUARANTINE_KEY", "short-quarantine-key", "QUARANTINE_KEY must be 32 bytes"],
  ])("%s=%s exits non-zero with one line naming it, before touching the database", (name, value, rule) => {
    const result = start({ [name]: value });
    expect(result.status).not.toBe(0);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toContain(rule);
    if (/SECRET|TOKEN/.test(name)) expect(result.lines[0]).not.toContain(value); // never the secret itself
    expect(existsSync(join(result.dir, "data"))).toBe(false);
    expect(readdirSync(result.dir)).toEqual([]); // no .env.local written: every secret was given
  });
});
