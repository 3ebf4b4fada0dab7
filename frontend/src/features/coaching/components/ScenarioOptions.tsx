"use client";

import { SESSION_TYPES, useScenarios } from "@/features/training";

/**
 * The `<option>`s of a scenario picker: a placeholder, then the dealership's scenarios grouped by
 * kind of practice. `taken` ones are shown but cannot be picked (a certification names each
 * scenario once).
 */
export function ScenarioOptions({ taken }: { taken?: ReadonlySet<string> }) {
  const scenarios = useScenarios();
  return (
    <>
      <option value="" disabled>
        {scenarios.isPending ? "Loading…" : "Choose a scenario"}
      </option>
      {SESSION_TYPES.map((type) => (
        <optgroup key={type.value} label={type.label}>
          {(scenarios.data ?? [])
            .filter((scenario) => scenario.sessionType === type.value)
            .map((scenario) => (
              <option key={scenario.id} value={scenario.id} disabled={taken?.has(scenario.id)}>
                {scenario.title}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  );
}
