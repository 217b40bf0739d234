// Configuration from the environment, validated with zod. A missing or malformed value fails with a
// message naming the variable: at start-up (lib/cli/start.ts checks it before serving) and, if a
// route is reached anyway, before any work is done.
import { z } from "zod";
import { INBOXKIT_SCHEMES } from "./webhooks/inboxkit-verify";
import { splitKeys } from "./webhooks/signature";
import { DEFAULT_DATABASE_URL } from "./db/provider";

const keyList = (name: string) =>
  z.string({ error: `${name} is not set` }).transform(splitKeys).pipe(z.array(z.string()).min(1, `${name} holds no key`));

const schema = z.object({
  DATABASE_URL: z.string().trim().min(1).default(DEFAULT_DATABASE_URL),
  INBOXKIT_WEBHOOK_SECRETS: keyList("INBOXKIT_WEBHOOK_SECRETS"),
  INBOXKIT_SIGNATURE_SCHEME: z.enum(INBOXKIT_SCHEMES, { error: `INBOXKIT_SIGNATURE_SCHEME must be one of ${INBOXKIT_SCHEMES.join(", ")}` }).default("api-key-sha256"),
  INKBOX_SIGNING_KEYS: z.string().default("").transform(splitKeys),
  CREDENTIAL_FINGERPRINT_KEY: z.string({ error: "CREDENTIAL_FINGERPRINT_KEY is not set" }).min(16, "CREDENTIAL_FINGERPRINT_KEY must be at least 16 characters"),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`Invalid configuration: ${result.error.issues.map((i) => i.message).join("; ")}`);
  }
  return result.data;
}

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}
