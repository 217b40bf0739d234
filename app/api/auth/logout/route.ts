import { jsonError } from "@/lib/http";
import { clearedSessionCookie, isHttps, isSameOrigin } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** POST → clears the session cookie and returns to the login page. */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return jsonError(403, "cross_origin", "Sign-out must come from this dashboard");
  return new Response(null, {
    status: 303,
    headers: {
      Location: "/login?signed_out=1",
      "Set-Cookie": clearedSessionCookie(isHttps(request)),
      "Cache-Control": "no-store",
    },
  });
}
