import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Onboarding", template: "%s · Onboarding" },
  description: "Where each customer's InboxKit onboarding stands: domains, mailboxes and OAuth requests, live.",
};

/** Every page renders per request (including the 404), so Next.js can put this request's CSP nonce on its scripts (proxy.ts). */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
      </body>
    </html>
  );
}
