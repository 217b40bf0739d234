import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getOperator } from "@/lib/auth/session";
import { linkState } from "@/lib/auth/login";
import { safeNextPath } from "@/lib/auth/next-path";
import { ready } from "@/lib/queries/db";
import { LoginForm } from "@/components/auth/login-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Sign in",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

const ERRORS: Record<string, string> = {
  invalid_password: "That password is not right. Check the email too: each operator has their own account.",
  invalid_link: "That sign-in link is not valid any more. Sign in with your email and password.",
  invalid_email: "Enter an email address, e.g. ops@example.com.",
  weak_password: "Choose a password of at least 10 characters.",
  too_many_attempts: "Too many failed sign-ins. Wait a minute and try again.",
  not_configured: "Sign-in links are not configured: set SESSION_SECRET.",
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : null);

/** The operator sign-in page: email and password, or a one-time link (?token=…) to set a password. */
export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNextPath(one(params.next));
  const token = one(params.token);
  if (!token && (await getOperator())) redirect(next);
  const state = token ? await linkState(await ready(), token) : null;
  const link = state?.ok ? { token: state.token, email: state.email } : null;
  const error = (state && !state.ok ? state.message : null) ?? ERRORS[one(params.error) ?? ""] ?? null;
  return (
    <main className="grid min-h-screen place-items-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2.5">
          <span
            aria-hidden
            className="grid size-9 place-items-center rounded-lg bg-zinc-900 text-sm font-bold text-white dark:bg-zinc-100 dark:text-zinc-900"
          >
            OB
          </span>
          <div>
            <h1 className="text-lg font-semibold tracking-tight">
              {link ? "Set your password" : "Sign in to Onboarding"}
            </h1>
            <p className="text-sm text-zinc-500 dark:text-zinc-400">Operator dashboard for InboxKit onboarding</p>
          </div>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          {one(params.signed_out) && (
            <p role="status" className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
              You are signed out.
            </p>
          )}
          <LoginForm next={next} link={link} initialError={error} />
        </div>
        <p className="mt-4 text-center text-xs text-zinc-500 dark:text-zinc-400">
          Customers do not sign in: they open the private link you copy from a workspace page.
        </p>
      </div>
    </main>
  );
}
