// Scale-out suites need PostgreSQL. They skip, visibly, only when the server does not answer; with
// REQUIRE_POSTGRES=1 (CI) an unreachable server is a failure instead.
import { POSTGRES_ADMIN_URL, postgresAvailable } from "./db";

export async function postgresForScaleOut(suite: string): Promise<boolean> {
  const reachable = await postgresAvailable();
  if (reachable) return true;
  if (process.env.REQUIRE_POSTGRES === "1")
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}`);
  console.warn(
    `SKIPPED ${suite}: PostgreSQL does not answer at ${POSTGRES_ADMIN_URL} (set REQUIRE_POSTGRES=1 to make this a failure)`,
  );
  return false;
}
