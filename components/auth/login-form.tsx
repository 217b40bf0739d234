"use client";
// The operator's sign-in form. Posts JSON to /api/auth/login and follows `next`; without
// JavaScript the same form posts natively and the server answers with redirects. With a one-time
// link (?token=…) it signs in by itself on load, keeping the button as a fallback.
import { useEffect, useEffectEvent, useRef, useState } from "react";

type Props = { next: string; token: string | null; initialError: string | null };

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

export function LoginForm({ next, token, initialError }: Props) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const tried = useRef(false);

  async function run(body: Record<string, string>) {
    setPending(true);
    setError(null);
    const result = await submit({ ...body, next });
    if (result.next) {
      window.location.assign(result.next);
      return;
    }
    setError(result.error ?? "Sign-in failed.");
    setPending(false);
  }

  // An effect event: it reads the latest `next` without re-running the sign-in when it changes.
  const signInWithToken = useEffectEvent((linkToken: string) => void run({ token: linkToken }));

  useEffect(() => {
    if (token && !tried.current) {
      tried.current = true;
      signInWithToken(token);
    }
  }, [token]);

  return (
    <form
      action="/api/auth/login"
      method="post"
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const password = String(new FormData(event.currentTarget).get("password") ?? "");
        void run({ password });
      }}
    >
      <input type="hidden" name="next" value={next} />
      {token && pending && (
        <p
          role="status"
          className="rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        >
          Signing you in with the one-time link…
        </p>
      )}
      <div className="space-y-1.5">
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required={!token}
          autoFocus={!token}
          className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-zinc-500 focus:ring-2 focus:ring-zinc-900/10 dark:border-zinc-700 dark:bg-zinc-900 dark:focus:border-zinc-500 dark:focus:ring-zinc-100/10"
        />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          DASHBOARD_PASSWORD, from the environment or .env.local.
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
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
