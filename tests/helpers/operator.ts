// A signed-in operator for route tests: an account and an open session in the test database, as the
// Cookie header a browser on plain http would send.
import type { Db } from "@/lib/db/client";
import { addOperator, findOperator } from "@/lib/auth/operators";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { createSession } from "@/lib/auth/sessions";

export const TEST_OPERATOR_EMAIL = "ops@example.com";

export async function operatorSessionCookie(prisma: Db, email = TEST_OPERATOR_EMAIL, now = new Date()) {
  await addOperator(prisma, email, now);
  const operator = await findOperator(prisma, email);
  return `${SESSION_COOKIE}=${await createSession(prisma, operator!.id, now)}`;
}
