// Runs before every page (not the API, not static files): a fresh CSP nonce per request. Next.js
// reads the nonce from the request's Content-Security-Policy and puts it on its own scripts; the
// browser gets the same policy. Authorization is not done here: each page checks the session itself
// (the operator layout before anything streams, with the path passed on in REQUEST_PATH_HEADER).
import { NextResponse, type NextRequest } from "next/server";
import { isDevelopment } from "@/lib/config";
import { newNonce, pageContentSecurityPolicy } from "@/lib/security/headers";
import { REQUEST_PATH_HEADER } from "@/lib/server/request-path";

export function proxy(request: NextRequest): NextResponse {
  const policy = pageContentSecurityPolicy({
    nonce: newNonce(),
    https: request.headers.get("x-forwarded-proto") === "https",
    dev: isDevelopment(),
  });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  // The path asked for, so the operator layout can redirect to /login?next=<it> before streaming.
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
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
