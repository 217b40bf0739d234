import { z } from "zod";
import { authorizeApi, authorizeWrite, PRIVATE } from "@/lib/auth/api";
import { json } from "@/lib/http";
import { budgetSettings, budgetsBody, saveBudgets } from "@/lib/settings/budgets";

export const dynamic = "force-dynamic";

/** The attention budgets in force, each with its default and why. */
export async function GET(request: Request): Promise<Response> {
  const auth = await authorizeApi(request, z.object({}).strict());
  if (!auth.ok) return auth.response;
  return json({ budgets: await budgetSettings() }, { headers: PRIVATE });
}

/** Changes budgets: {budgets: [{entityType, status, seconds|null}]} (null = back to the default); audit-logged. */
export async function PUT(request: Request): Promise<Response> {
  const auth = await authorizeWrite(request, budgetsBody);
  if (!auth.ok) return auth.response;
  return json({ budgets: await saveBudgets(auth.body, auth.operator) }, { headers: PRIVATE });
}
