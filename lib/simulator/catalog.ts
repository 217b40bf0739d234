// Every scenario the simulator knows: InboxKit's (scenarios.ts) and Inkbox's (inkbox.ts, which
// exports Scenario values of its own; any export that looks like a Scenario, or a list of them).
import { INBOXKIT_SCENARIOS } from "./scenarios";
import type { Scenario } from "./types";

function isScenario(value: unknown): value is Scenario {
  const v = value as Partial<Scenario> | null;
  return !!v && typeof v === "object" && typeof v.name === "string" && typeof v.description === "string" && typeof v.deliveries === "function";
}

export function scenariosIn(moduleExports: Record<string, unknown>): Scenario[] {
  return Object.values(moduleExports).flatMap((value) => (Array.isArray(value) ? value.filter(isScenario) : isScenario(value) ? [value] : []));
}

/** All scenarios, without duplicates by name (InboxKit's first). */
export function catalog(extra: Scenario[] = []): Scenario[] {
  const byName = new Map<string, Scenario>();
  for (const scenario of [...INBOXKIT_SCENARIOS, ...extra]) if (!byName.has(scenario.name)) byName.set(scenario.name, scenario);
  return [...byName.values()];
}
