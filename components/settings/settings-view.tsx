// /settings: the attention budgets (editable, stored); each workspace's own settings are on its page.
import type { BudgetSetting } from "@/lib/settings/budgets";
import { PageHeader } from "@/components/ui/card";
import { BudgetsEditor } from "./budgets-editor";

export function SettingsView({ budgets }: { budgets: { budgets: BudgetSetting[] } }) {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Settings"
        description="How long each step may take before it needs a look. A workspace's contact, scopes and alert recipients are under Workspace settings on its page."
      />
      <BudgetsEditor initial={budgets} />
    </div>
  );
}
