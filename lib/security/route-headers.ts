// The next.config.js headers() rules (lib/security/header-rules.mjs) for a response that does not go
// through Next.js: lib/cli/serve.ts answers GET /api/stream itself (lib/live/http-stream.ts). The
// same rules, evaluated as Next.js does for the forms they use: a source "<prefix>/:path*" (the
// prefix and everything under it), an optional `has` header whose value must match, and a later
// rule's header replacing an earlier one's. A rule of another form throws, so it cannot be skipped.
import type { IncomingHttpHeaders } from "node:http";
import { securityHeaderRules } from "./header-rules.mjs";

type Rule = ReturnType<typeof securityHeaderRules>[number];

function sourceMatches(source: string, path: string): boolean {
  const prefix = /^(.*)\/:path\*$/.exec(source)?.[1];
  if (prefix === undefined) throw new Error(`header rule source "${source}" is not of the form <prefix>/:path*`);
  return path === prefix || path.startsWith(`${prefix}/`);
}

function conditionsHold(rule: Rule, headers: IncomingHttpHeaders): boolean {
  return (rule.has ?? []).every(({ key, value }) => {
    const actual = headers[key.toLowerCase()];
    return typeof actual === "string" && new RegExp(`^(?:${value})$`).test(actual);
  });
}

/** The security headers of a response to `path`, for a request with these (already forwarded-checked) headers. */
export function securityHeadersFor(path: string, headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rule of securityHeaderRules())
    if (sourceMatches(rule.source, path) && conditionsHold(rule, headers))
      for (const { key, value } of rule.headers) result[key] = value;
  return result;
}
