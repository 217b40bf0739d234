// Configuration from the environment, validated with zod. A missing or malformed value fails with a
// message naming the variable: at start-up (lib/cli/start.ts checks it before serving) and, if a
// route is reached anyway, before any work is done.
import { z } from "zod";
import { INBOXKIT_SCHEMES } from "./webhooks/inboxkit/verify";
import { splitKeys } from "./webhooks/signature";
import { DEFAULT_DATABASE_URL } from "./db/provider";
import { parseAddressRanges, type TrustedProxies } from "./net/client-address";

/** TRUSTED_PROXIES: comma-separated CIDR ranges (or addresses) of the reverse proxies in front of us. */
const trustedProxiesSchema = z
  .string()
  .default("")
  .transform((value, ctx): TrustedProxies => {
    const parsed = parseAddressRanges(value);
    if (parsed.ok) return parsed.ranges;
    ctx.addIssue({
      code: "custom",
      message: `TRUSTED_PROXIES: "${parsed.invalid}" is not an IP address or CIDR range`,
    });
    return z.NEVER;
  });

const keyList = (name: string) =>
  z
    .string({ error: `${name} is not set` })
    .transform(splitKeys)
    .pipe(z.array(z.string()).min(1, `${name} holds no key`));

const schema = z.object({
  DATABASE_URL: z.string().trim().min(1).default(DEFAULT_DATABASE_URL),
  INBOXKIT_WEBHOOK_SECRETS: keyList("INBOXKIT_WEBHOOK_SECRETS"),
  INBOXKIT_SIGNATURE_SCHEME: z
    .enum(INBOXKIT_SCHEMES, { error: `INBOXKIT_SIGNATURE_SCHEME must be one of ${INBOXKIT_SCHEMES.join(", ")}` })
    .default("api-key-sha256"),
  INKBOX_SIGNING_KEYS: z.string().default("").transform(splitKeys),
  CREDENTIAL_FINGERPRINT_KEY: z
    .string({ error: "CREDENTIAL_FINGERPRINT_KEY is not set" })
    .min(16, "CREDENTIAL_FINGERPRINT_KEY must be at least 16 characters"),
  TRUSTED_PROXIES: trustedProxiesSchema,
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

let cachedProxies: TrustedProxies | undefined;

/** TRUSTED_PROXIES alone (the HTTP front and the login route need nothing else); a bad entry throws ConfigError naming it. */
export function trustedProxies(env: Record<string, string | undefined> = process.env): TrustedProxies {
  if (env !== process.env) return parseTrustedProxies(env.TRUSTED_PROXIES);
  cachedProxies ??= parseTrustedProxies(env.TRUSTED_PROXIES);
  return cachedProxies;
}

function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const result = trustedProxiesSchema.safeParse(value);
  if (!result.success)
    throw new ConfigError(`Invalid configuration: ${result.error.issues.map((i) => i.message).join("; ")}`);
  return result.data;
}

/** `next dev` (React needs eval for its debugging aids there; never in production). */
export const isDevelopment = (): boolean => process.env.NODE_ENV === "development";

/** Tests change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
  cachedProxies = undefined;
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

export function parseNotifyConfig(env: Record<string, string | undefined>): NotifyConfig {
  const result = notifySchema.safeParse(env);
  if (!result.success)
    throw new ConfigError(`Invalid configuration: ${result.error.issues.map((i) => i.message).join("; ")}`);
  const v = result.data;
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
