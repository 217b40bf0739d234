import { signOut } from "@/lib/auth/sign-out";

export const dynamic = "force-dynamic";

/** POST → ends this browser's session (revoked in the database), clears the cookie, back to the login page. */
export async function POST(request: Request): Promise<Response> {
  return signOut(request, false);
}
