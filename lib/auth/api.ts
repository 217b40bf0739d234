// The first steps of every operator JSON route: who is asking (401 otherwise), then the query
// string validated with zod by the shared parser (400 naming the parameter otherwise: an unknown,
// repeated or malformed one), both in the one error shape.
import type { z } from "zod";
import { jsonError } from "../http";
import { parseQuery } from "../queries/params";
import { getOperator, type Operator } from "./session";

export const UNAUTHORIZED_MESSAGE = "Sign in, or send Authorization: Bearer <DASHBOARD_API_TOKEN>";

export type Authorized<T> = { ok: true; operator: Operator; query: T } | { ok: false; response: Response };

export const unauthorized = (): Response =>
  jsonError(401, "unauthorized", UNAUTHORIZED_MESSAGE, { "WWW-Authenticate": 'Bearer realm="dashboard"' });

export async function authorizeApi<S extends z.ZodObject<z.ZodRawShape>>(
  request: Request,
  schema: S,
): Promise<Authorized<z.infer<S>>> {
  const operator = await getOperator(request);
  if (!operator) return { ok: false, response: unauthorized() };
  const parsed = parseQuery(schema, new URL(request.url).searchParams);
  if (!parsed.ok) return { ok: false, response: jsonError(400, "invalid_query", parsed.message) };
  return { ok: true, operator, query: parsed.data };
}

/** Operator JSON is private and always fresh. */
export const PRIVATE = { "Cache-Control": "private, no-store" } as const;
