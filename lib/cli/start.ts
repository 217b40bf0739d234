// `npm start`: the one command that brings the dashboard up on a fresh machine.
// Generates local secrets on first run, validates configuration, migrates the database, builds if
// the build is missing or older than the sources, then serves on PORT (default 3000).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureLocalSecrets, LOCAL_ENV_FILE } from "./local-env";
import { parseConfig } from "../config";
import { migrate } from "../db/migrate";
import { databaseUrl } from "../db/provider";
import { firstRunAnnouncement } from "./announce";

const SOURCES = ["app", "components", "lib", "prisma/schema.prisma", "next.config.js", "postcss.config.mjs", "package-lock.json"];
const STAMP = join(".next", "source-stamp");

/** A fingerprint of every source file's path, size and mtime: cheap, and changes whenever a file does. */
function sourceStamp(): string {
  const hash = createHash("sha256");
  const walk = (path: string) => {
    if (!existsSync(path) || path.includes("generated")) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    else hash.update(`${path}:${stat.size}:${stat.mtimeMs}\n`);
  };
  SOURCES.forEach(walk);
  return hash.digest("hex");
}

function buildIfNeeded(): void {
  const stamp = sourceStamp();
  if (existsSync(join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp) return;
  console.log("Building the dashboard (first run, or the sources changed)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(STAMP, stamp);
}

async function main(): Promise<void> {
  const generated = ensureLocalSecrets();
  if (generated.length) console.log(`Generated ${generated.join(", ")} in ${LOCAL_ENV_FILE} (values not shown; the file is private).`);
  try {
    parseConfig(process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\nSet it in the environment or in ${LOCAL_ENV_FILE}.`);
    process.exit(1);
  }
  const url = databaseUrl();
  const result = await migrate(url);
  console.log(`Database ${result.provider}: ${result.applied.length ? `applied ${result.applied.join(", ")}` : "up to date"}`);
  if (process.env.SKIP_BUILD !== "1") buildIfNeeded();

  const port = process.env.PORT ?? "3000";
  const host = process.env.HOSTNAME ?? "0.0.0.0";
  const server = spawn("npx", ["next", "start", "-p", port, "-H", host], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
  console.log(await firstRunAnnouncement(`http://localhost:${port}`));
}

main().catch((error: Error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
