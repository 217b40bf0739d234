// Signing out, for the two routes: end this browser's session, or every session of its operator.
// Both answer with a redirect to the login page and clear the cookie, whatever the session's state.
import { jsonError } from "../http";
import { ready } from "../queries/db";
import { clearedSessionCookie, getOperator, isHttps, isSameOrigin, sessionTokenOf } from "./session";
import { revokeAllSessions, revokeSession } from "./sessions";

export async function signOut(request: Request, everywhere: boolean, now: Date = new Date()): Promise<Response> {
  if (!isSameOrigin(request)) return jsonError(403, "cross_origin", "Sign-out must come from this dashboard");
  const prisma = await ready();
  if (everywhere) {
    const operator = await getOperator(request, now);
    if (operator?.via === "session") await revokeAllSessions(prisma, operator.id, now);
  }
  await revokeSession(prisma, sessionTokenOf(request.headers, request.url), now);
  return new Response(null, {
    status: 303,
    headers: {
      Location: "/login?signed_out=1",
      "Set-Cookie": clearedSessionCookie(isHttps(request)),
      "Cache-Control": "no-store",
    },
  });
}
