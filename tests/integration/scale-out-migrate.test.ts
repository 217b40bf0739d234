// Two instances starting at once on one empty PostgreSQL database: the migrator's advisory lock makes
// one wait for the other, so both succeed and every migration is applied exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadMigrations, migrate } from "@/lib/db/migrate";
import { adminQuery as admin, POSTGRES_ADMIN_URL } from "../helpers/db";
import { postgresForScaleOut } from "../helpers/postgres-gate";

describe.skipIf(!(await postgresForScaleOut("concurrent PostgreSQL migrations")))(
  "concurrent PostgreSQL migrations",
  () => {
    const name = `dashboard_test_${randomBytes(6).toString("hex")}`;
    const url = Object.assign(new URL(POSTGRES_ADMIN_URL), { pathname: `/${name}` }).toString();
    beforeAll(() => admin(`CREATE DATABASE ${name}`));
    afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

    it("two migrators started at once both succeed and apply each migration once", async () => {
      const files = loadMigrations("postgresql").map((m) => m.name);
      const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
      // Exactly one of them applied everything; the others waited for the lock and found nothing to do.
      const appliers = results.filter((r) => r.applied.length > 0);
      expect(appliers).toHaveLength(1);
      expect(appliers[0].applied).toEqual(files);
      expect(results.filter((r) => r.applied.length === 0).every((r) => r.alreadyApplied === files.length)).toBe(true);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ migration_name: string; n: string }>(
          `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
        );
        expect(rows.map((r) => [r.migration_name, Number(r.n)])).toEqual(files.map((f) => [f, 1]));
        const tables = await client.query(
          `SELECT 1 FROM information_schema.tables WHERE table_name = 'webhook_events'`,
        );
        expect(tables.rowCount).toBe(1);
      } finally {
        await client.end();
      }
    });
  },
);
