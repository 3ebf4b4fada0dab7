"use client";

import { useState } from "react";

import { Alert, Badge, Button } from "@/ui";

import { useTryAnswer, type Scenario, type TryResult } from "../api";
import { TextArea } from "./TextArea";

/** The server's limit on a typed answer. */
const ANSWER_MAX = 5000;

function Verdict({ result }: { result: TryResult }) {
  const { judgement } = result;
  return (
    <div className="space-y-3" aria-live="polite" data-testid="verdict">
      <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
        <Badge tone={result.passed ? "success" : "danger"}>
          {result.passed ? "Passes" : "Does not pass"}
        </Badge>
        <span>
          Overall <strong className="tabular-nums">{result.overall}</strong> against a pass mark of{" "}
          {judgement.passMark}
          {judgement.offTopic ? " (off topic)" : ""}.
        </span>
      </p>
      <ul className="space-y-2 text-sm" aria-label="Rubric items">
        {result.rubric.map((item) => (
          <li key={item.id} className="space-y-0.5">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={item.passed ? "success" : "neutral"}>
                {item.passed ? "Passed" : "Missed"}
              </Badge>
              <span className="font-medium text-zinc-900 dark:text-zinc-100">{item.label}</span>
            </p>
            {item.evidence && <p className="text-zinc-600 dark:text-zinc-400">“{item.evidence}”</p>}
            {item.reason && <p className="text-zinc-500 dark:text-zinc-400">{item.reason}</p>}
            {!item.passed && item.modelAnswer && (
              <p className="text-zinc-600 dark:text-zinc-400">Try: “{item.modelAnswer}”</p>
            )}
          </li>
        ))}
      </ul>
      {judgement.reasons.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-zinc-600 dark:text-zinc-400">
          {judgement.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * "Try it": the manager types an answer and sees how the judge scores it in this scenario, as
 * a salesperson's session would be scored (content only: nothing is heard).
 */
export function TryIt({ scenario }: { scenario: Scenario }) {
  const judge = useTryAnswer(scenario.id);
  const [answer, setAnswer] = useState("");
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    judge.mutate(answer);
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Try it">
      <TextArea
        label="An answer, as a salesperson would say it"
        hint="Judged against the scenario as saved, like a session, on what is said; delivery is not scored here."
        rows={4}
        required
        maxLength={ANSWER_MAX}
        value={answer}
        onChange={setAnswer}
      />
      <Button type="submit" variant="secondary" loading={judge.isPending}>
        Judge it
      </Button>
      {judge.isError && <Alert tone="error">{judge.error.message}</Alert>}
      {judge.data && <Verdict result={judge.data} />}
    </form>
  );
}
