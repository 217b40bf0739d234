import { signOut } from "@/lib/auth/sign-out";

export const dynamic = "force-dynamic";

/** POST → ends every session of the signed-in operator (all browsers), clears the cookie, back to the login page. */
export async function POST(request: Request): Promise<Response> {
  return signOut(request, true);
}
