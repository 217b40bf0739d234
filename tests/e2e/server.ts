// The end-to-end server: builds once if the sources changed (lib/cli/build.ts), migrates a FRESH
// temporary database with one operator account (E2E_OPERATOR), then serves it as `npm start` does
// (lib/cli/serve.ts). Playwright's webServer runs this, so every run starts from an empty database.
// SQLite by default: its directory is named after the port and wiped at start (only one server can
// hold a port, and a killed run leaves nothing that grows). E2E_DATABASE=postgresql: a PostgreSQL
// database with a random name on the local server, dropped when the server exits.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIfNeeded } from "../../lib/cli/build";
import { migrate } from "../../lib/db/migrate";
import { openDatabase } from "../../lib/db/client";
import { setOperatorPassword } from "../../lib/auth/operators";
import { adminQuery, POSTGRES_ADMIN_URL } from "../helpers/db";
import { E2E_ENV, E2E_OPERATOR, E2E_PORT, E2E_SESSIONS_OPERATOR } from "./env";

/** The accounts the specs sign in with (sessions.spec its own), as `npm run operator -- add` and its link would leave it. */
async function createOperator(url: string): Promise<void> {
  const db = openDatabase(url);
  await db.ready;
  try {
    for (const operator of [E2E_OPERATOR, E2E_SESSIONS_OPERATOR])
      await setOperatorPassword(db.prisma, operator.email, operator.password);
  } finally {
    await db.prisma.$disconnect();
  }
}

/** The database URL to serve, and how to remove the database afterwards. */
async function freshDatabaseUrl(dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (process.env.E2E_DATABASE !== "postgresql") return { url: `file:${join(dir, "e2e.db")}`, drop: async () => {} };
  const name = `dashboard_e2e_${E2E_PORT}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function main(): Promise<void> {
  buildIfNeeded();
  const dir = join(tmpdir(), `dashboard-e2e-${E2E_PORT}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { url, drop } = await freshDatabaseUrl(dir);
  await migrate(url);
  await createOperator(url);
  const env = {
    ...process.env,
    ...E2E_ENV,
    DATABASE_URL: url,
    PORT: String(E2E_PORT),
    HOSTNAME: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const next = spawn(process.execPath, ["--import", "tsx", join("lib", "cli", "serve.ts")], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
  next.on("exit", (code) => {
    rmSync(dir, { recursive: true, force: true });
    void drop().finally(() => process.exit(code ?? 0));
  });
}

main().catch((error: Error) => {
  console.error(`e2e server failed to start: ${error.message}`);
  process.exit(1);
});
