// The known secrets the end-to-end server runs with (test values, never used anywhere real).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

export const E2E_ENV = {
  INBOXKIT_WEBHOOK_SECRETS: "e2e_inboxkit_team_api_key",
  INBOXKIT_SIGNATURE_SCHEME: "api-key-sha256",
  INKBOX_SIGNING_KEYS: "whsec_e2e_inkbox_signing_key",
  CREDENTIAL_FINGERPRINT_KEY: "e2e-fingerprint-key-0123456789abcdef",
  SESSION_SECRET: "e2e-session-secret-0123456789abcdef0123456789",
  CUSTOMER_LINK_SECRET: "e2e-customer-link-secret-0123456789abcdef",
  DASHBOARD_API_TOKEN: "e2e-api-token-0123456789abcdef0123456789",
  QUARANTINE_KEY: "ZTJlLXF1YXJhbnRpbmUta2V5LTMyLWJ5dGVzLWxvbmc",
  LOG_LEVEL: "warn",
} as const;

/** The operator account the e2e server creates before serving (tests/e2e/server.ts). */
export const E2E_OPERATOR = { email: "ops@example.com", password: "e2e-operator-password" } as const;
/**
 * The account sessions.spec signs out everywhere: its own, because Playwright runs two workers and
 * signing E2E_OPERATOR out everywhere sent the other worker's test to the login page mid-test.
 */
export const E2E_SESSIONS_OPERATOR = { email: "sessions@example.com", password: "e2e-sessions-password" } as const;
