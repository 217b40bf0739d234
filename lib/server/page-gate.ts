// Checks an operator page must make before it starts streaming, so their answers are real HTTP
// statuses: a visitor without a session gets 307 → /login?next=…, an unknown subject gets 404. A
// `loading.tsx` boundary commits the response to 200 as soon as its skeleton renders, so these run
// in layouts above every boundary (app/(operator)/layout.tsx and each detail segment's layout).
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { requireOperatorPage, type Operator } from "@/lib/auth/session";
import { subjectExists, type Subject } from "@/lib/queries/exists";
import { REQUEST_PATH_HEADER } from "./request-path";

/** The operator, or 307 to the login page remembering the path asked for. */
export async function requireOperatorForRequest(): Promise<Operator> {
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
  return requireOperatorPage(path);
}

/** 307 to login without a session, 404 when nothing is stored under this id. */
export async function requireSubject(subject: Subject, id: string, path: string): Promise<void> {
  await requireOperatorPage(path);
  if (!(await subjectExists(subject, id))) notFound();
}
