import { LinkRefused } from "@/components/customer/link-refused";

/** 403: the link's signature, workspace or expiry did not check out. */
export default function OnboardingLinkForbidden() {
  return (
    <main>
      <LinkRefused
        title="This link has expired or is not valid"
        message="Onboarding links work for a limited time and only exactly as sent. Ask your account contact for a fresh link."
      />
    </main>
  );
}
