// /settings: the attention budgets (editable, stored) and the alert channels everywhere (the same
// switches as on /notifications); each workspace's own settings are on its page.
import type { BudgetSetting } from "@/lib/settings/budgets";
import type { NotificationSettingsView } from "@/lib/queries/notifications";
import { PageHeader } from "@/components/ui/card";
import { ChannelSettingsPanel } from "@/components/notifications/channel-settings";
import { BudgetsEditor } from "./budgets-editor";

export function SettingsView({
  budgets,
  channels,
}: {
  budgets: { budgets: BudgetSetting[] };
  channels: NotificationSettingsView;
}) {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Settings"
        description="How long each step may take before it needs a look, and where alerts go. A workspace's contact, scopes, alert recipients and channel switches are under Workspace settings on its page."
      />
      <BudgetsEditor initial={budgets} />
      <ChannelSettingsPanel initial={channels} workspace={null} />
    </div>
  );
}
