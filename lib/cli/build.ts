// "Build only when the sources changed": shared by `npm start` and the Playwright global setup.
// A stamp of every source file's path, size and mtime is written next to the build; a build whose
// stamp still matches the sources is reused. A lock keeps two processes of one checkout from
// running `next build` into the same .next at once.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOURCES = ["app", "components", "lib", "prisma/schema.prisma", "next.config.js", "postcss.config.mjs"];
const STAMP = join(".next", "source-stamp");

/**
 * A fingerprint of every source file's path, size and mtime (cheap, and changes whenever a file
 * does), plus the dependencies package.json declares (exact versions). The lock file's bytes are
 * left out: `npm install` may rewrite it (flags, ordering) without changing what gets built.
 */
export function sourceStamp(root = "."): string {
  const hash = createHash("sha256");
  const manifest = join(root, "package.json");
  if (existsSync(manifest)) {
    const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(manifest, "utf8"));
    hash.update(`dependencies:${JSON.stringify({ dependencies, devDependencies })}\n`);
  }
  const walk = (path: string) => {
    const full = join(root, path);
    if (!existsSync(full) || path.includes("generated")) return;
    const stat = statSync(full);
    if (stat.isDirectory()) for (const entry of readdirSync(full).sort()) walk(join(path, entry));
    else hash.update(`${path}:${stat.size}:${stat.mtimeMs}\n`);
  };
  SOURCES.forEach(walk);
  return hash.digest("hex");
}

export function buildIsCurrent(stamp = sourceStamp()): boolean {
  return existsSync(join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp;
}

/** A directory lock (mkdir is atomic); a lock older than 10 minutes is considered abandoned. */
function withBuildLock<T>(run: () => T): T {
  const lock = join(
    tmpdir(),
    `next-build-${createHash("sha256").update(process.cwd()).digest("hex").slice(0, 12)}.lock`,
  );
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10 * 60_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for another build (${lock})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    return run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `next build` unless the existing build matches the sources; returns whether it built. */
export function buildIfNeeded(): boolean {
  if (buildIsCurrent()) return false;
  return withBuildLock(() => {
    const stamp = sourceStamp();
    if (buildIsCurrent(stamp)) return false; // another process built it while we waited
    console.log("Building the dashboard (first run, or the sources changed)…");
    const build = spawnSync("npx", ["next", "build"], {
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
    writeFileSync(STAMP, stamp);
    return true;
  });
}
