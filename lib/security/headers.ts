// Security headers, pure. Pages get a Content-Security-Policy with a fresh nonce per request
// (proxy.ts): Next.js reads the nonce from the request's policy and puts it on its own scripts, so
// no other script runs. Every response (pages, API, static files) also gets the headers of
// lib/security/header-rules.mjs (next.config.js).

export type PageCspOptions = { nonce: string; https: boolean; dev?: boolean };

/**
 * The policy for HTML pages. Scripts only with this request's nonce ('strict-dynamic' lets Next.js's
 * own chunks load theirs); styles from our stylesheet or with the nonce, plus style attributes
 * (progress bars and Next.js's built-in error pages use them; they cannot run script); data only
 * from this origin (fetch, SWR, the SSE stream); never framed.
 */
export function pageContentSecurityPolicy({ nonce, https, dev = false }: PageCspOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
