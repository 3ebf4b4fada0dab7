"use client";

// The scenario writer's calls: a dealership's own scenarios (create, edit, archive) and the
// judge's verdict on a typed answer ("Try it"). The list itself is training's `useScenarios`.
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { trainingKeys, type Scenario } from "@/features/training";
import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import type { Body } from "@/lib/api/types";
import { useToast } from "@/ui/Toaster";

const scenarioPath = (scenarioId: string) => ({
  params: { path: { scenario_id: scenarioId } },
});

const tryAnswer = (scenarioId: string, answer: string) =>
  unwrap(
    api.POST("/api/v1/training/scenarios/{scenario_id}/try", {
      ...scenarioPath(scenarioId),
      body: { answer },
    }),
  );

export type ScenarioCreate = Body<"/api/v1/training/scenarios", "post">;
export type RubricItemIn = NonNullable<ScenarioCreate["rubric"]>[number];
export type TryResult = Awaited<ReturnType<typeof tryAnswer>>;
export type { Scenario };

/** Saves a new scenario (no `scenarioId`) or the changes to one. */
export function useSaveScenario() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: ({ scenarioId, body }: { scenarioId: string | null; body: ScenarioCreate }) =>
      scenarioId
        ? unwrap(
            api.PATCH("/api/v1/training/scenarios/{scenario_id}", {
              ...scenarioPath(scenarioId),
              body,
            }),
          )
        : unwrap(api.POST("/api/v1/training/scenarios", { body })),
    onSuccess: (saved, { scenarioId }) => {
      void queryClient.invalidateQueries({ queryKey: trainingKeys.scenarios });
      notify(scenarioId ? `“${saved.title}” is saved.` : `“${saved.title}” is ready to practise.`);
    },
  });
}

/** Archives a scenario: it leaves the list; sessions and assignments keep their copy. */
export function useArchiveScenario() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: (scenarioId: string) =>
      unwrap(api.DELETE("/api/v1/training/scenarios/{scenario_id}", scenarioPath(scenarioId))),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: trainingKeys.scenarios });
      notify("The scenario is archived.");
    },
    onError: (error: Error) => notify(error.message, "error"),
  });
}

/** The judge's verdict on a typed answer, as if a salesperson had said it in the scenario. */
export function useTryAnswer(scenarioId: string) {
  return useMutation({ mutationFn: (answer: string) => tryAnswer(scenarioId, answer) });
}
