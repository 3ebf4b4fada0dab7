import { Badge } from "@/ui";

import type { Scenario } from "../api";
import { SESSION_TYPE_LABELS } from "../labels";
import { CustomerLines } from "./CustomerLines";

/** Who the customer is, what is going on and which vehicle: the set-up of a role-play. */
export function ScenarioFacts({ scenario }: { scenario: Scenario }) {
  const facts = [
    { term: "Customer", detail: scenario.persona },
    { term: "Situation", detail: scenario.situation },
    { term: "Vehicle", detail: scenario.vehicle },
  ].filter((fact) => fact.detail);
  return (
    <dl className="space-y-2 text-sm">
      {facts.map((fact) => (
        <div key={fact.term}>
          <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
            {fact.term}
          </dt>
          <dd className="text-zinc-800 dark:text-zinc-200">{fact.detail}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The scenario beside the recorder: its set-up, the customer's lines and what is checked. */
export function ScenarioBrief({ scenario, speak = true }: { scenario: Scenario; speak?: boolean }) {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="brand">{SESSION_TYPE_LABELS[scenario.sessionType]}</Badge>
        {!scenario.builtin && <Badge>Your dealership&apos;s</Badge>}
      </div>
      <ScenarioFacts scenario={scenario} />
      {speak ? (
        <CustomerLines scenarioId={scenario.id} lines={scenario.customerLines} />
      ) : (
        scenario.customerLines.length > 0 && (
          <div className="space-y-1">
            <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              The customer says
            </p>
            {scenario.customerLines.map((line, index) => (
              <p key={index} className="text-sm text-zinc-700 italic dark:text-zinc-300">
                “{line}”
              </p>
            ))}
          </div>
        )
      )}
      {scenario.rubric.length > 0 && (
        <div className="space-y-1">
          <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
            The report checks that you
          </p>
          <ul className="list-disc space-y-0.5 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
            {scenario.rubric.map((item) => (
              <li key={item.id}>{item.label}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
