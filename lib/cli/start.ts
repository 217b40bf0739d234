// `npm start`: the one command that brings the dashboard up on a fresh machine.
// Generates local secrets on first run, validates configuration, migrates the database, builds if
// the build is missing or older than the sources, then serves on PORT (default 3000) in this process
// (lib/cli/serve.ts: a graceful stop on SIGTERM/SIGINT).
import { ensureLocalSecrets, LOCAL_ENV_FILE } from "./local-env";
import { checkConfig, databaseUrl, parseNotifyConfig } from "../config";
import { migrate } from "../db/migrate";
import { firstRunAnnouncement } from "./announce";
import { ready } from "../queries/db";
import { buildIfNeeded } from "./build";
import { serve } from "./serve";
import { writeServerFile } from "./server-file";

async function main(): Promise<void> {
  const generated = ensureLocalSecrets();
  if (generated.length)
    console.log(`Generated ${generated.join(", ")} in ${LOCAL_ENV_FILE} (values not shown; the file is private).`);
  try {
    checkConfig(process.env);
  } catch (error) {
    // One line: which variable, which rule (never its value), and where to set it.
    console.error(`${(error as Error).message} (set it in the environment or in ${LOCAL_ENV_FILE})`);
    process.exit(1);
  }
  const url = databaseUrl();
  const result = await migrate(url);
  console.log(
    `Database ${result.provider}: ${result.applied.length ? `applied ${result.applied.join(", ")}` : "up to date"}`,
  );
  if (process.env.SKIP_BUILD !== "1") buildIfNeeded();

  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOSTNAME ?? "0.0.0.0";
  // In this process (no child to orphan): SIGTERM/SIGINT drain requests in flight and close the database.
  await serve({ port, hostname });
  // The address people open (DASHBOARD_URL, else http://localhost:PORT): the printed links work there.
  const base = parseNotifyConfig(process.env).dashboardUrl;
  writeServerFile(base); // the other CLIs find this server by it (lib/cli/server-file.ts)
  console.log(await firstRunAnnouncement(base, await ready()));
}

main().catch((error: Error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
