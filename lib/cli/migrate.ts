// `npm run db:migrate`: apply pending migrations to DATABASE_URL (default: the SQLite file).
import { loadLocalEnv } from "./local-env";
import { migrate } from "../db/migrate";
import { databaseUrl } from "../config";

loadLocalEnv();
const url = databaseUrl();
migrate(url)
  .then((r) => {
    console.log(
      r.applied.length
        ? `applied ${r.applied.join(", ")} (${r.provider})`
        : `database is up to date (${r.provider}, ${r.alreadyApplied} migrations)`,
    );
  })
  .catch((error: Error) => {
    console.error(`migration failed: ${error.message}`);
    process.exit(1);
  });
