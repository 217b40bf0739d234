// `npm run link -- <workspaceId> [--days N] [--base URL]` prints a signed customer link to the
// workspace's onboarding page (CUSTOMER_LINK_SECRET from the environment, else .env.local), on the
// address the running dashboard announced (data/server.json) unless --base says otherwise.
import { parseArgs } from "node:util";
import { loadLocalEnv } from "./local-env";
import { dashboardBase } from "./server-file";
import { DEFAULT_LINK_DAYS, newCustomerLinkPath } from "../customer-link";

async function main(): Promise<number> {
  loadLocalEnv();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      days: { type: "string", default: String(DEFAULT_LINK_DAYS) },
      base: { type: "string" },
    },
  });
  const [workspaceId] = positionals;
  if (!workspaceId) {
    console.error("usage: npm run link -- <workspaceId> [--days N] [--base URL]");
    return 2;
  }
  const days = Number(values.days);
  if (!Number.isFinite(days) || days <= 0 || days > 365) {
    console.error("--days must be a number between 0 and 365");
    return 2;
  }
  const { path, expiresAt } = await newCustomerLinkPath(workspaceId, { days });
  console.log(new URL(path, dashboardBase(values.base ?? process.env.PUBLIC_URL)).toString());
  console.error(`(valid until ${expiresAt.toISOString()})`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`link failed: ${error.message}`);
    process.exit(1);
  },
);
