import { securityHeaderRules } from "./lib/security/header-rules.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and driver packages stay outside the bundle (ENVIRONMENT.md).
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "nodemailer",
    "@node-rs/argon2",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden()/unauthorized(): a refused customer link answers 403/401 (app/onboarding/**).
  experimental: { authInterrupts: true },
  // nosniff, Referrer-Policy, Permissions-Policy, framing, HSTS over https; pages' CSP is in proxy.ts.
  headers: async () => securityHeaderRules(),
};

export default nextConfig;
