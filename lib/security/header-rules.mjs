// Security headers on every response, as next.config.js `headers()` rules (plain JavaScript: the
// config file imports it). Pages also get a per-request Content-Security-Policy with a nonce
// (proxy.ts, lib/security/headers.ts).

/** JSON, CSV and the event stream are data, never documents: nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Features the dashboard never uses (clipboard writing stays allowed for the copy buttons). */
export const PERMISSIONS_POLICY =
  "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/** Two years; sent only over https (browsers ignore it over http anyway). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * The customer page sends no Referer at all (its URL holds the signed link); operator pages send only
 * the origin to other sites. HSTS when a trusted proxy says the request came over https
 * (lib/cli/serve.ts drops X-Forwarded-Proto from anyone else).
 * @returns {{ source: string, has?: { type: "header", key: string, value: string }[], headers: { key: string, value: string }[] }[]}
 */
export function securityHeaderRules() {
  return [
    {
      source: "/:path*",
      headers: [
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
      ],
    },
    { source: "/onboarding/:path*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    {
      source: "/:path*",
      has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
      headers: [{ key: "Strict-Transport-Security", value: STRICT_TRANSPORT_SECURITY }],
    },
  ];
}
