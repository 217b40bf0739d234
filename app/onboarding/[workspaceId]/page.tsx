import type { Metadata } from "next";
import { forbidden, unauthorized } from "next/navigation";
import { customerAccess } from "@/lib/customer-link";
import { customerOnboarding } from "@/lib/queries/onboarding";
import { LiveProvider } from "@/components/live/live-provider";
import { CustomerOnboardingView } from "@/components/customer/customer-onboarding";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Your onboarding progress",
  robots: { index: false, follow: false },
  // The token is in the URL: never send it on to the consent page or anywhere else.
  referrer: "no-referrer",
};

type Props = {
  params: Promise<{ workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The customer's page, opened by a signed, expiring link (no login). A bad link answers 401/403 and shows nothing. */
export default async function CustomerOnboardingPage({ params, searchParams }: Props) {
  const { workspaceId } = await params;
  const { token } = await searchParams;
  const access = await customerAccess(workspaceId, typeof token === "string" ? token : null);
  if (!access.ok) return access.reason === "missing" ? unauthorized() : forbidden();

  const initial = await customerOnboarding(workspaceId);
  const query = `token=${encodeURIComponent(token as string)}`;
  const ws = encodeURIComponent(workspaceId);
  return (
    <LiveProvider streamUrl={`/api/stream?workspace=${ws}&${query}`}>
      <main className="min-h-screen">
        <CustomerOnboardingView
          apiUrl={`/api/onboarding/${ws}?${query}`}
          initial={initial}
          expiresAt={access.expiresAt.toISOString()}
        />
      </main>
    </LiveProvider>
  );
}
