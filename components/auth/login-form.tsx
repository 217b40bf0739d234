"use client";
// The operator's sign-in form: email and password, posted as JSON to /api/auth/login, then `next`.
// With a one-time link (?token=…) it sets the account's password instead (asking for the email only
// on the first account's link). Without JavaScript the same form posts natively and the server
// answers with redirects.
import { useState } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

type Link = { token: string; email: string | null };
type Props = { next: string; link: Link | null; initialError: string | null };

const INPUT =
  "block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-zinc-500 focus:ring-2 focus:ring-zinc-900/10 read-only:bg-zinc-100 read-only:text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:focus:border-zinc-500 dark:focus:ring-zinc-100/10 dark:read-only:bg-zinc-800 dark:read-only:text-zinc-400";
const HINT = "text-xs text-zinc-500 dark:text-zinc-400";

async function submit(body: Record<string, string>): Promise<{ next?: string; error?: string }> {
  const response = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (response.ok) return { next: data?.next ?? "/" };
  return { error: data?.error?.message ?? `Sign-in failed (${response.status}).` };
}

export function LoginForm({ next, link, initialError }: Props) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function run(form: HTMLFormElement) {
    setPending(true);
    setError(null);
    const fields = Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]));
    const result = await submit(fields);
    if (result.next) {
      window.location.assign(result.next);
      return;
    }
    setError(result.error ?? "Sign-in failed.");
    setPending(false);
  }

  return (
    <form
      action="/api/auth/login"
      method="post"
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void run(event.currentTarget);
      }}
    >
      <input type="hidden" name="next" value={next} />
      {link && <input type="hidden" name="token" value={link.token} />}
      {link && (
        <p className="rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          {link.email
            ? "Choose the password for your operator account. This link works once."
            : "Create the first operator account. This link works once."}
        </p>
      )}
      <div className="space-y-1.5">
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus={!link?.email}
          readOnly={!!link?.email}
          defaultValue={link?.email ?? undefined}
          className={INPUT}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium">
          {link ? "New password" : "Password"}
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={link ? "new-password" : "current-password"}
          required
          minLength={link ? MIN_PASSWORD_LENGTH : undefined}
          autoFocus={!!link?.email}
          className={INPUT}
        />
        <p className={HINT}>
          {link
            ? `At least ${MIN_PASSWORD_LENGTH} characters.`
            : "No account yet? Ask an operator: npm run operator -- add <email>."}
        </p>
      </div>
      {error && (
        <p
          role="alert"
          className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300"
        >
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="inline-flex w-full items-center justify-center rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        {pending ? "Signing in…" : link ? "Set password and sign in" : "Sign in"}
      </button>
    </form>
  );
}
