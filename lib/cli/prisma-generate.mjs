// Generates one Prisma client per provider from prisma/schema.prisma (the single source of the models).
// The PostgreSQL schema is the same file with only the provider and output changed, so the models
// cannot differ between the two databases.
//
// Prisma 7's CLI wants to download its native schema engine before `generate`; that download is
// impossible offline and `generate` never executes the engine, so PRISMA_SCHEMA_ENGINE_BINARY may
// point at any executable (ENVIRONMENT.md). A machine with the real engine keeps its own setting.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

export const POSTGRES_SCHEMA = "prisma/generated/postgresql.prisma";

export function postgresSchema(source) {
  const out = source
    .replace('output       = "../lib/generated/sqlite"', 'output       = "../../lib/generated/postgresql"')
    .replace('provider = "sqlite"', 'provider = "postgresql"');
  if (out === source || !out.includes("generated/postgresql") || !out.includes('"postgresql"')) {
    throw new Error("prisma/schema.prisma: generator output or datasource provider line not found");
  }
  return `// GENERATED from prisma/schema.prisma by lib/cli/prisma-generate.mjs. Do not edit.\n${out}`;
}

function main() {
  mkdirSync("prisma/generated", { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, postgresSchema(readFileSync("prisma/schema.prisma", "utf8")));
  const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
  env.PRISMA_SCHEMA_ENGINE_BINARY ||= process.execPath;
  for (const schema of ["prisma/schema.prisma", POSTGRES_SCHEMA]) {
    const run = spawnSync("npx", ["prisma", "generate", "--schema", schema], { stdio: "inherit", env });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
