// Every scenario the simulator knows: InboxKit's (scenarios.ts) and Inkbox's (inkbox.ts), by name.
import { INBOXKIT_SCENARIOS } from "./scenarios";
import { INKBOX_SCENARIOS } from "./inkbox";
import type { Scenario } from "./types";

function isScenario(value: unknown): value is Scenario {
  const v = value as Partial<Scenario> | null;
  return (
    !!v &&
    typeof v === "object" &&
    typeof v.name === "string" &&
    typeof v.description === "string" &&
    typeof v.deliveries === "function"
  );
}

/** The scenarios among a module's exports (a Scenario, or a list of them). */
export function scenariosIn(moduleExports: Record<string, unknown>): Scenario[] {
  return Object.values(moduleExports).flatMap((value) =>
    Array.isArray(value) ? value.filter(isScenario) : isScenario(value) ? [value] : [],
  );
}

/** InboxKit's scenarios, then `others` (default: Inkbox's); a name appears once (the first wins). */
export function catalog(others: Scenario[] = INKBOX_SCENARIOS): Scenario[] {
  const byName = new Map<string, Scenario>();
  for (const scenario of [...INBOXKIT_SCENARIOS, ...others])
    if (!byName.has(scenario.name)) byName.set(scenario.name, scenario);
  return [...byName.values()];
}
