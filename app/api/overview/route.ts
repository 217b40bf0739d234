import { z } from "zod";
import { answerRead, authorizeApi, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { overview } from "@/lib/queries/overview";

export const dynamic = "force-dynamic";

/** The overview page's data: counts, workspaces in flight, open banners, recent events, refusals. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}));
  if (!auth.ok) return auth.response;
  return answerRead(async () => json(await overview(), { headers: PRIVATE }));
}
