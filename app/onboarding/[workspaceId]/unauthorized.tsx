import { LinkRefused } from "@/components/customer/link-refused";

/** 401: no token at all. */
export default function OnboardingLinkMissing() {
  return (
    <main>
      <LinkRefused
        title="This page needs your onboarding link"
        message="Open the link you were sent: it carries the key that opens this page."
      />
    </main>
  );
}
