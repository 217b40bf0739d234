// Every environment variable the app reads, in one place, parsed with zod. A missing or malformed
// value fails with a message naming the variable and its rule: `npm start` checks them all before
// serving (checkConfig, lib/cli/start.ts) and, if a route is reached anyway, the getter that needs a
// value fails before any work is done. The only other reader is instrumentation.ts (NEXT_RUNTIME,
// inlined by Next.js at build time; see README "Configuration").
import { z } from "zod";
import { INBOXKIT_SCHEMES } from "./webhooks/inboxkit/verify";
import { splitKeys } from "./crypto";
import { parseAddressRanges, type TrustedProxies } from "./net/client-address";
import { DEFAULT_CONSENT_URL_HOSTS } from "./banners";
import { describeIssues, issueMessages } from "./validation";

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

/** One failed parse as one line: each message names its variable (never its value, which may be secret). */
function configError(error: z.ZodError): ConfigError {
  return new ConfigError(`Invalid configuration: ${describeIssues(error, { paths: false })}`);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw configError(result.error);
  return result.data;
}

// ── Database ─────────────────────────────────────────────────────────────────────────────────────

export const DEFAULT_DATABASE_URL = "file:./data/dashboard.db";

/** DATABASE_URL: unset or empty means the embedded SQLite file. */
const databaseUrlValue = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || DEFAULT_DATABASE_URL);

const databaseUrlSchema = databaseUrlValue.pipe(
  z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)"),
);

/** Unset means `fallback`; anything else must be a whole number from `min` up. */
const wholeNumber = (name: string, min: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? String(fallback))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, `${name} must be a whole number (at least ${min})`)
        .transform(Number)
        .pipe(z.number().min(min, `${name} must be a whole number (at least ${min})`)),
    );

const sqliteBusyTimeoutSchema = wholeNumber("SQLITE_BUSY_TIMEOUT_MS", 0, 3000);
const poolSizeSchema = wholeNumber("DATABASE_POOL_SIZE", 1, 10);
const switchSchema = (name: string) => z.enum(["0", "1"], { error: `${name} must be 0 (off) or 1 (on)` }).default("1");
const groupCommitSchema = switchSchema("SQLITE_GROUP_COMMIT");
const pgGroupCommitSchema = switchSchema("PG_GROUP_COMMIT");
const pgPipelineSchema = switchSchema("PG_PIPELINE");

/** The database the app opens. The scheme is checked where it is opened (lib/db/provider.ts providerOf). */
export function databaseUrl(env: Env = process.env): string {
  return databaseUrlValue.parse(env.DATABASE_URL);
}

/**
 * How long a write may wait for the SQLite write lock in total (SQLITE_BUSY_TIMEOUT_MS, default 3 s)
 * before the delivery is answered 503 and retried by the vendor: well inside its 10 s. A malformed
 * value (refused by `npm start`) counts as the default.
 */
export function sqliteLockBudgetMs(env: Env = process.env): number {
  const result = sqliteBusyTimeoutSchema.safeParse(env.SQLITE_BUSY_TIMEOUT_MS);
  return result.success ? result.data : 3000;
}

/** PostgreSQL connections per instance (DATABASE_POOL_SIZE, default 10). */
export const databasePoolSize = (env: Env = process.env): number => parseWith(poolSizeSchema, env.DATABASE_POOL_SIZE);

/** Whether concurrent SQLite deliveries share one transaction (SQLITE_GROUP_COMMIT=0 turns it off). */
export const sqliteGroupCommit = (env: Env = process.env): boolean =>
  groupCommitSchema.catch("1").parse(env.SQLITE_GROUP_COMMIT) === "1";

/** Whether concurrent PostgreSQL deliveries of one instance share one transaction (PG_GROUP_COMMIT=0 turns it off). */
export const pgGroupCommit = (env: Env = process.env): boolean =>
  pgGroupCommitSchema.catch("1").parse(env.PG_GROUP_COMMIT) === "1";

/** Whether the PostgreSQL pool writes a transaction's statements together (PG_PIPELINE=0 turns it off, for comparison). */
export const pgPipeline = (env: Env = process.env): boolean =>
  pgPipelineSchema.catch("1").parse(env.PG_PIPELINE) === "1";

// ── Logs, mode, benchmark ────────────────────────────────────────────────────────────────────────

const LOG_LEVELS = ["silent", "error", "warn", "info", "debug"] as const;
const logLevelSchema = z
  .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` })
  .default("info");

/** LOG_LEVEL=silent turns structured logs off (tests, benchmarks). */
export const logsSilenced = (env: Env = process.env): boolean =>
  logLevelSchema.catch("info").parse(env.LOG_LEVEL) === "silent";

/** `next dev` (React needs eval for its debugging aids there; never in production). */
export const isDevelopment = (): boolean => process.env.NODE_ENV === "development";

/** BENCH_BASELINE=1 switches on the benchmark's baseline route (npm run bench); otherwise it is a 404. */
export const benchBaselineEnabled = (env: Env = process.env): boolean =>
  z.literal("1").safeParse(env.BENCH_BASELINE).success;

/** METRICS_TOKEN: an optional Bearer token for GET /api/metrics alone (a Prometheus scraper), 16+ characters. */
const metricsTokenSchema = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .pipe(z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional());

/** METRICS_TOKEN, or null when unset; a short one is a ConfigError naming it (npm start refuses it first). */
export const metricsToken = (env: Env = process.env): string | null =>
  parseWith(metricsTokenSchema, env.METRICS_TOKEN) ?? null;

// ── Operator and customer secrets ────────────────────────────────────────────────────────────────

const MIN_SECRET = 16;

const secretSchema = (name: string) =>
  z
    .string({ error: `${name} is not set` })
    .trim()
    .min(MIN_SECRET, `${name} must be at least ${MIN_SECRET} characters`);

const operatorSchema = z.object({
  SESSION_SECRET: secretSchema("SESSION_SECRET"),
  DASHBOARD_API_TOKEN: secretSchema("DASHBOARD_API_TOKEN"),
  CUSTOMER_LINK_SECRET: secretSchema("CUSTOMER_LINK_SECRET"),
});

const orNull = <T>(schema: z.ZodType<T>, value: string | undefined): T | null => {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
};

/** SESSION_SECRET (signs one-time sign-in links), or null when missing/short: no link can be made or used (fail closed). */
export const sessionSecret = (env: Env = process.env): string | null =>
  orNull(operatorSchema.shape.SESSION_SECRET, env.SESSION_SECRET);

/** DASHBOARD_API_TOKEN (`Authorization: Bearer …`), or null when missing/short: no Bearer call passes. */
export const apiToken = (env: Env = process.env): string | null =>
  orNull(operatorSchema.shape.DASHBOARD_API_TOKEN, env.DASHBOARD_API_TOKEN);

/** CUSTOMER_LINK_SECRET, checked: a missing or short secret is a ConfigError naming the variable. */
export const customerLinkSecret = (env: Env = process.env): string =>
  parseWith(operatorSchema.shape.CUSTOMER_LINK_SECRET, env.CUSTOMER_LINK_SECRET);

// ── Webhook receivers ────────────────────────────────────────────────────────────────────────────
/** A comma-separated list of CIDR ranges (or addresses), named `name` in its error. */
const addressRangesSchema = (name: string) =>
  z
    .string()
    .default("")
    .transform((value, ctx): TrustedProxies => {
      const parsed = parseAddressRanges(value);
      if (parsed.ok) return parsed.ranges;
      ctx.addIssue({ code: "custom", message: `${name}: "${parsed.invalid}" is not an IP address or CIDR range` });
      return z.NEVER;
    });

/** TRUSTED_PROXIES: comma-separated CIDR ranges (or addresses) of the reverse proxies in front of us. */
const trustedProxiesSchema = addressRangesSchema("TRUSTED_PROXIES");

/**
 * INBOXKIT_ALLOWED_SOURCES: the CIDR ranges InboxKit delivers from (the client address as
 * TRUSTED_PROXIES lets it be known); unset or empty: any source. A delivery from elsewhere is 403.
 */
const allowedSourcesSchema = addressRangesSchema("INBOXKIT_ALLOWED_SOURCES").transform((ranges) =>
  ranges.length ? ranges : null,
);

const keyList = (name: string) =>
  z
    .string({ error: `${name} is not set` })
    .transform(splitKeys)
    .pipe(z.array(z.string()).min(1, `${name} holds no key`));

/**
 * QUARANTINE_KEY: 32 random bytes in base64 or base64url (generated into .env.local on first run). It
 * seals the raw body and signature headers of deliveries refused for their signature
 * (lib/webhooks/quarantine.ts). Unset: such refusals are recorded without their body, as before.
 */
const quarantineKeySchema = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): Buffer | undefined => {
    if (!value) return undefined;
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ? Buffer.from(value, "base64") : Buffer.alloc(0);
    if (key.length === 32) return key;
    ctx.addIssue({ code: "custom", message: "QUARANTINE_KEY must be 32 bytes in base64 (43 or 44 characters)" });
    return z.NEVER;
  });

/** A whole number of days, at least 1. */
const days = (name: string, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx): number => {
      if (value === undefined || value === "") return fallback;
      if (/^[1-9][0-9]{0,4}$/.test(value)) return Number(value);
      ctx.addIssue({ code: "custom", message: `${name} must be a whole number of days (1 or more)` });
      return z.NEVER;
    });

const schema = z.object({
  DATABASE_URL: databaseUrlSchema,
  INBOXKIT_WEBHOOK_SECRETS: keyList("INBOXKIT_WEBHOOK_SECRETS"),
  INBOXKIT_SIGNATURE_SCHEME: z
    .enum(INBOXKIT_SCHEMES, { error: `INBOXKIT_SIGNATURE_SCHEME must be one of ${INBOXKIT_SCHEMES.join(", ")}` })
    .default("api-key-sha256"),
  INKBOX_SIGNING_KEYS: z.string().default("").transform(splitKeys),
  CREDENTIAL_FINGERPRINT_KEY: z
    .string({ error: "CREDENTIAL_FINGERPRINT_KEY is not set" })
    .min(16, "CREDENTIAL_FINGERPRINT_KEY must be at least 16 characters"),
  TRUSTED_PROXIES: trustedProxiesSchema,
  QUARANTINE_KEY: quarantineKeySchema,
  EVENT_PAYLOAD_RETENTION_DAYS: days("EVENT_PAYLOAD_RETENTION_DAYS", 90),
  REFUSED_RETENTION_DAYS: days("REFUSED_RETENTION_DAYS", 30),
  INBOXKIT_ALLOWED_SOURCES: allowedSourcesSchema,
  MAIL_ACTIVITY_RETENTION_DAYS: days("MAIL_ACTIVITY_RETENTION_DAYS", 30),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export const parseConfig = (env: Env): Config => parseWith(schema, env);

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

let cachedProxies: TrustedProxies | undefined;

/** TRUSTED_PROXIES alone (the HTTP front and the login route need nothing else); a bad entry throws ConfigError naming it. */
export function trustedProxies(env: Env = process.env): TrustedProxies {
  if (env !== process.env) return parseTrustedProxies(env.TRUSTED_PROXIES);
  cachedProxies ??= parseTrustedProxies(env.TRUSTED_PROXIES);
  return cachedProxies;
}

const parseTrustedProxies = (value: string | undefined): TrustedProxies => parseWith(trustedProxiesSchema, value);

/** Tests change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
  cachedProxies = undefined;
  cachedConsentHosts = undefined;
  cachedNotify = undefined;
}

// ── Notifications (lib/notify/) ──────────────────────────────────────────────────────────────────
// Every channel is optional; one that is configured must be complete and well-formed. Secrets
// (the Slack URL's token path, the webhook secret, the SMTP password) are only ever shown masked.

/** Unset and empty mean "not configured"; anything else must pass `inner`. */
const optional = (inner: z.ZodType<string, string>) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(inner.optional());

const httpUrl = (name: string) =>
  z.string().refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `${name} must be an http(s) URL`);

const smtpUrl = z.string().refine((v) => {
  try {
    return ["smtp:", "smtps:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, "SMTP_URL must look like smtp://user:password@host:587 or smtps://…");

const EMAIL = /^[^\s@<>,]+@[^\s@<>,]+$/;
const mailbox = /^(?:[^<>]*<\s*[^\s@<>,]+@[^\s@<>,]+\s*>|[^\s@<>,]+@[^\s@<>,]+)$/;

const notifySchema = z
  .object({
    ALERT_SLACK_WEBHOOK_URL: optional(httpUrl("ALERT_SLACK_WEBHOOK_URL")),
    ALERT_WEBHOOK_URL: optional(httpUrl("ALERT_WEBHOOK_URL")),
    ALERT_WEBHOOK_SECRET: optional(
      z
        .string()
        .regex(
          /^whsec_[A-Za-z0-9+/]{32,}={0,2}$/,
          "ALERT_WEBHOOK_SECRET must be whsec_ followed by base64 of at least 24 random bytes",
        ),
    ),
    SMTP_URL: optional(smtpUrl),
    NOTIFY_FROM: optional(
      z.string().regex(mailbox, "NOTIFY_FROM must be an address, e.g. Onboarding <onboarding@example.com>"),
    ),
    ALERT_EMAIL_TO: z
      .string()
      .default("")
      .transform(splitKeys)
      .pipe(z.array(z.string().regex(EMAIL, "ALERT_EMAIL_TO must be comma-separated email addresses"))),
    DASHBOARD_URL: optional(httpUrl("DASHBOARD_URL")),
    PORT: z.string().trim().default("3000"),
  })
  .superRefine((v, ctx) => {
    if (v.ALERT_WEBHOOK_URL && !v.ALERT_WEBHOOK_SECRET)
      ctx.addIssue({
        code: "custom",
        message: "ALERT_WEBHOOK_SECRET is not set (ALERT_WEBHOOK_URL needs it to sign alerts)",
      });
    if (v.SMTP_URL && !v.NOTIFY_FROM)
      ctx.addIssue({ code: "custom", message: "NOTIFY_FROM is not set (SMTP_URL needs a sender address)" });
  });

export type NotifyConfig = {
  slackWebhookUrl: string | null;
  webhook: { url: string; secret: string } | null;
  smtp: { url: string; from: string } | null;
  alertEmailTo: string[];
  /** Where operators and customers open the dashboard; links in messages start with it. */
  dashboardUrl: string;
};

export function parseNotifyConfig(env: Env): NotifyConfig {
  const v = parseWith(notifySchema, env);
  return {
    slackWebhookUrl: v.ALERT_SLACK_WEBHOOK_URL ?? null,
    webhook:
      v.ALERT_WEBHOOK_URL && v.ALERT_WEBHOOK_SECRET
        ? { url: v.ALERT_WEBHOOK_URL, secret: v.ALERT_WEBHOOK_SECRET }
        : null,
    smtp: v.SMTP_URL && v.NOTIFY_FROM ? { url: v.SMTP_URL, from: v.NOTIFY_FROM } : null,
    alertEmailTo: v.ALERT_EMAIL_TO,
    dashboardUrl: (v.DASHBOARD_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ""),
  };
}

let cachedNotify: NotifyConfig | undefined;

export function notifyConfig(): NotifyConfig {
  cachedNotify ??= parseNotifyConfig(process.env);
  return cachedNotify;
}

// ── What a customer may be shown ─────────────────────────────────────────────────────────────────

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const customerSchema = z.object({
  CONSENT_URL_HOSTS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? splitKeys(v.toLowerCase()) : DEFAULT_CONSENT_URL_HOSTS))
    .pipe(
      z
        .array(
          z.string().regex(HOSTNAME, "CONSENT_URL_HOSTS must be comma-separated host names, e.g. accounts.google.com"),
        )
        .min(1, "CONSENT_URL_HOSTS holds no host"),
    ),
});

let cachedConsentHosts: string[] | undefined;

/** CONSENT_URL_HOSTS: host names a consent_url must be on (https, no port) to reach a customer. */
export function consentUrlHosts(env: Env = process.env): string[] {
  if (env !== process.env) return parseWith(customerSchema, env).CONSENT_URL_HOSTS;
  cachedConsentHosts ??= parseWith(customerSchema, env).CONSENT_URL_HOSTS;
  return cachedConsentHosts;
}

/** The InboxKit scheme as configured, for display (the Deliveries page); the receiver uses config(). */
export const configuredInboxKitScheme = (env: Env = process.env): string =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || "api-key-sha256")
    .parse(env.INBOXKIT_SIGNATURE_SCHEME);

// ── The whole configuration, checked once before serving ─────────────────────────────────────────

const PORT_RULE = "PORT must be a whole number from 0 to 65535";

const startSchema = z.object({
  SQLITE_BUSY_TIMEOUT_MS: sqliteBusyTimeoutSchema,
  DATABASE_POOL_SIZE: poolSizeSchema,
  SQLITE_GROUP_COMMIT: groupCommitSchema,
  PG_GROUP_COMMIT: pgGroupCommitSchema,
  PG_PIPELINE: pgPipelineSchema,
  LOG_LEVEL: logLevelSchema,
  METRICS_TOKEN: metricsTokenSchema,
  PORT: z
    .string()
    .trim()
    .default("3000")
    .pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, PORT_RULE)
        .refine((v) => Number(v) <= 65535, PORT_RULE),
    ),
});

/**
 * Every variable at once, as `npm start` checks them before serving: throws one ConfigError whose
 * single line names each variable that is missing or malformed and the rule it breaks.
 */
export function checkConfig(env: Env): void {
  const problems = [schema, operatorSchema, notifySchema, customerSchema, startSchema].flatMap((s) => {
    const result = s.safeParse(env);
    return result.success ? [] : issueMessages(result.error, { paths: false });
  });
  if (problems.length) throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}
