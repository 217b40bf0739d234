// `npm run link -- <workspaceId> [--days N] [--base URL]` prints a signed customer link to the
// workspace's onboarding page (CUSTOMER_LINK_SECRET from the environment, else .env.local).
import { parseArgs } from "node:util";
import { loadLocalEnv } from "./local-env";
import { customerLinkPath, customerLinkSecret, DEFAULT_LINK_DAYS, signCustomerLink } from "../customer-link";

function main(): number {
  loadLocalEnv();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      days: { type: "string", default: String(DEFAULT_LINK_DAYS) },
      base: { type: "string", default: process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}` },
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
  const expiresAt = new Date(Date.now() + days * 24 * 3600 * 1000);
  const token = signCustomerLink(workspaceId, customerLinkSecret(), { expiresAt });
  console.log(new URL(customerLinkPath(workspaceId, token), values.base).toString());
  console.error(`(valid until ${expiresAt.toISOString()})`);
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  console.error(`link failed: ${(error as Error).message}`);
  process.exit(1);
}
