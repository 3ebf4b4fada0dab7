"use client";

import { SESSION_TYPES, useScenarios } from "@/features/training";

/**
 * The `<option>`s of a scenario picker: a placeholder, then the dealership's scenarios grouped by
 * kind of practice. `taken` ones are shown but cannot be picked (a certification names each
 * scenario once). `current`, the scenario an edited row names, is shown even when it is not (or
 * not yet) among them: archived or deleted since, it can be kept but not picked again.
 */
export function ScenarioOptions({
  taken,
  current,
}: {
  taken?: ReadonlySet<string>;
  current?: { scenarioId: string; title?: string | null };
}) {
  const scenarios = useScenarios();
  const gone =
    current &&
    current.scenarioId !== "" &&
    !scenarios.data?.some((scenario) => scenario.id === current.scenarioId)
      ? current
      : null;
  return (
    <>
      <option value="" disabled>
        {scenarios.isPending ? "Loading…" : "Choose a scenario"}
      </option>
      {gone && (
        <option value={gone.scenarioId} disabled>
          {gone.title == null
            ? "A scenario that no longer exists"
            : scenarios.isPending
              ? gone.title
              : `${gone.title} (no longer offered)`}
        </option>
      )}
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
