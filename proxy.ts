// Runs before every page (not the API, not static files): a fresh CSP nonce per request. Next.js
// reads the nonce from the request's Content-Security-Policy and puts it on its own scripts; the
// browser gets the same policy. Authorization is not done here: each page checks the session itself.
import { NextResponse, type NextRequest } from "next/server";
import { isDevelopment } from "@/lib/config";
import { newNonce, pageContentSecurityPolicy } from "@/lib/security/headers";

export function proxy(request: NextRequest): NextResponse {
  const policy = pageContentSecurityPolicy({
    nonce: newNonce(),
    https: request.headers.get("x-forwarded-proto") === "https",
    dev: isDevelopment(),
  });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
