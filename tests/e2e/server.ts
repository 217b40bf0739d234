// The end-to-end server: builds once if the sources changed (lib/cli/build.ts), migrates a FRESH
// temporary SQLite database, then runs `next start` on it. Playwright's webServer runs this, so
// every run starts from an empty database; the temp directory goes when the server stops.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIfNeeded } from "../../lib/cli/build";
import { migrate } from "../../lib/db/migrate";
import { E2E_ENV, E2E_PORT } from "./env";

async function main(): Promise<void> {
  buildIfNeeded();
  const dir = mkdtempSync(join(tmpdir(), "dashboard-e2e-"));
  const url = `file:${join(dir, "e2e.db")}`;
  await migrate(url);
  const env = { ...process.env, ...E2E_ENV, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
  const next = spawn(join("node_modules", ".bin", "next"), ["start", "-p", String(E2E_PORT), "-H", "127.0.0.1"], { stdio: "inherit", env });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
  next.on("exit", (code) => {
    cleanup();
    process.exit(code ?? 0);
  });
}

main().catch((error: Error) => {
  console.error(`e2e server failed to start: ${error.message}`);
  process.exit(1);
});
