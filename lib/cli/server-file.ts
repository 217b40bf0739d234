// Where the running dashboard can be reached, for the other CLIs: `npm start` writes
// data/server.json ({url, pid, startedAt}) once it listens, and `npm run simulate`, `npm run link`
// and `npm run login-link` read it, so `PORT=3301 npm start` then `npm run simulate` hits 3301.
// A file whose process is gone is ignored (a server killed with -9 leaves it behind).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

export const SERVER_FILE = join("data", "server.json");

const announced = z.object({
  url: z.string().regex(/^https?:\/\/[^\s/]+/),
  pid: z.number().int().positive(),
  startedAt: z.string(),
});
export type Announced = z.infer<typeof announced>;

export function writeServerFile(url: string, file = SERVER_FILE, pid = process.pid): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const body: Announced = { url, pid, startedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The URL a running server announced, or null (no file, unreadable, or its process has exited). */
export function announcedUrl(file = SERVER_FILE, isAlive: (pid: number) => boolean = alive): string | null {
  let parsed;
  try {
    parsed = announced.safeParse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return null;
  }
  return parsed.success && isAlive(parsed.data.pid) ? parsed.data.url.replace(/\/+$/, "") : null;
}

/** The dashboard to talk to: an explicit value, else what the running server announced, else PORT (3000). */
export function dashboardBase(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return (explicit ?? announcedUrl() ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, "");
}
