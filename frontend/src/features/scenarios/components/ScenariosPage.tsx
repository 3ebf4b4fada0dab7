"use client";

import { useState } from "react";

import { useScenarios } from "@/features/training";
import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  ConfirmButton,
  ListError,
  ListLoading,
  PageHeader,
  RowTh,
  Table,
  Td,
  Th,
} from "@/ui";

import { useArchiveScenario, type Scenario } from "../api";
import { draftOf, emptyDraft, type ScenarioDraft } from "../draft";
import { ScenarioEditor } from "./ScenarioEditor";
import { TryIt } from "./TryIt";

/** What the panel under the list shows: a new scenario, one being edited, or a built-in one to
 * try (built-in scenarios are not edited: a copy of one is). */
type Open =
  | { kind: "new"; draft: ScenarioDraft; key: number }
  | { kind: "edit"; scenario: Scenario }
  | { kind: "try"; scenario: Scenario };

let drafts = 0;

function ScenarioRows({
  scenarios,
  onOpen,
}: {
  scenarios: Scenario[];
  onOpen: (open: Open) => void;
}) {
  const archive = useArchiveScenario();
  return (
    <Table caption="Scenarios">
      <thead>
        <tr>
          <Th>Scenario</Th>
          <Th>Type</Th>
          <Th className="text-right">Pass mark</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {scenarios.map((scenario) => (
          <tr key={scenario.id}>
            <RowTh>
              <span className="mr-2">{scenario.title}</span>
              {scenario.builtin && <Badge>Built-in</Badge>}
            </RowTh>
            <Td className="capitalize">{scenario.sessionType}</Td>
            <Td className="text-right tabular-nums">{scenario.passMark}</Td>
            <Td className="text-right">
              <span className="inline-flex flex-wrap justify-end gap-2">
                {scenario.builtin ? (
                  <>
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => onOpen({ kind: "try", scenario })}
                      aria-label={`Try it: ${scenario.title}`}
                    >
                      Try it
                    </Button>
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() =>
                        onOpen({
                          kind: "new",
                          draft: draftOf(scenario, { copy: true }),
                          key: drafts++,
                        })
                      }
                      aria-label={`Copy to edit: ${scenario.title}`}
                    >
                      Copy to edit
                    </Button>
                  </>
                ) : (
                  <>
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => onOpen({ kind: "edit", scenario })}
                      aria-label={`Edit ${scenario.title}`}
                    >
                      Edit
                    </Button>
                    <ConfirmButton
                      confirmLabel="Archive"
                      onConfirm={() => archive.mutate(scenario.id)}
                      aria-label={`Archive ${scenario.title}`}
                    >
                      Archive
                    </ConfirmButton>
                  </>
                )}
              </span>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/**
 * The dealership's scenarios for managers (the route lets no one else in): the built-in library (tried, or copied to edit) and
 * their own, written and edited here with rubric items, exemplar answers and a pass mark, each
 * with a "Try it" box that shows how the judge scores a typed answer.
 */
export function ScenariosPage() {
  const scenarios = useScenarios();
  const [open, setOpen] = useState<Open | null>(null);

  // An edited scenario is shown as the list has it now (after a save, say).
  const current =
    open && open.kind !== "new"
      ? (scenarios.data?.find((scenario) => scenario.id === open.scenario.id) ?? open.scenario)
      : null;

  return (
    <>
      <PageHeader
        title="Scenarios"
        description="What your salespeople practise, and what the judge listens for."
        actions={
          <Button onClick={() => setOpen({ kind: "new", draft: emptyDraft(), key: drafts++ })}>
            New scenario
          </Button>
        }
      />
      <div className="space-y-6">
        <Card>
          {scenarios.isPending ? (
            <ListLoading label="Loading the scenarios…" />
          ) : scenarios.isError ? (
            <ListError
              message="The scenarios could not be loaded."
              error={scenarios.error}
              onRetry={() => void scenarios.refetch()}
            />
          ) : (
            <ScenarioRows scenarios={scenarios.data} onOpen={setOpen} />
          )}
        </Card>
        {open && (open.kind === "new" || open.kind === "edit") && (
          <Card>
            <CardHeader
              title={open.kind === "new" ? "New scenario" : `Edit “${open.scenario.title}”`}
              description="Rubric items pass on meaning: give answers that pass and near misses that fail."
            />
            <CardBody>
              <ScenarioEditor
                key={open.kind === "new" ? `new-${open.key}` : open.scenario.id}
                scenario={open.kind === "edit" ? open.scenario : null}
                initial={open.kind === "new" ? open.draft : draftOf(open.scenario)}
                onSaved={(saved) => setOpen({ kind: "edit", scenario: saved })}
              />
            </CardBody>
          </Card>
        )}
        {current && (
          <Card>
            <CardHeader
              title={`Try it: ${current.title}`}
              description={`Type an answer and see how the judge scores it against the pass mark of ${current.passMark}.`}
            />
            <CardBody>
              <TryIt key={current.id} scenario={current} />
            </CardBody>
          </Card>
        )}
      </div>
    </>
  );
}
