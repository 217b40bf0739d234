export default function OverviewPage() {
  return <main className="p-8">Onboarding dashboard</main>;
}
