import { Badge, cx } from "@/ui";
import { CheckIcon, CloseIcon } from "@/ui/icons";

import type { Session } from "../api";
import { TimeStamp } from "../components/TimeStamp";
import { PractiseAgain } from "./PractiseAgain";

export function Rubric({ session, onSeek }: { session: Session; onSeek?: (t: number) => void }) {
  if (session.rubric.length === 0) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        {session.scenario ? "This scenario has no rubric." : "Free practice has no rubric."}
      </p>
    );
  }
  const passed = session.rubric.filter((item) => item.passed).length;
  const judgement = session.judgement;
  return (
    <div className="space-y-3">
      {judgement && (
        <div data-testid="overall" className="space-y-1">
          <p className="flex items-center gap-2 text-sm text-zinc-900 dark:text-zinc-100">
            <span className="text-2xl font-semibold tabular-nums">{judgement.overall}</span>
            <span>/ 100 overall</span>
            <Badge tone={judgement.passed ? "success" : "danger"}>
              {judgement.passed ? "Passed" : "Not passed"}
            </Badge>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              pass mark {judgement.passMark}; content {judgement.content}
              {judgement.delivery !== null && `, delivery ${judgement.delivery}`}
            </span>
          </p>
          <ul className="list-disc pl-5 text-xs text-zinc-500 dark:text-zinc-400">
            {judgement.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {passed} of {session.rubric.length} done
      </p>
      <ul className="space-y-2" aria-label="Rubric">
        {session.rubric.map((item) => (
          <li
            key={item.id}
            className="flex gap-3"
            data-testid="rubric-item"
            data-passed={item.passed}
          >
            <span
              className={cx(
                "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full",
                item.passed
                  ? "bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300"
                  : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
              )}
            >
              {item.passed ? (
                <CheckIcon className="size-3.5" />
              ) : (
                <CloseIcon className="size-3.5" />
              )}
            </span>
            <div className="min-w-0 text-sm">
              <p className="text-zinc-900 dark:text-zinc-100">
                <span className="sr-only">{item.passed ? "Done: " : "Missing: "}</span>
                {item.label}
                {item.judge === "llm" && (
                  // Who decided: the model, on the quote below (docs/training-judge.md).
                  <Badge className="ml-2">Judged by the language model</Badge>
                )}
              </p>
              {item.evidence && (
                <p className="text-zinc-500 dark:text-zinc-400">
                  “{item.evidence}”
                  {item.timestamp !== null && onSeek && (
                    <TimeStamp seconds={item.timestamp} onSeek={onSeek} className="ml-2" />
                  )}
                </p>
              )}
              {item.reason && !item.passed && (
                <p className="text-xs text-zinc-500 dark:text-zinc-400">{item.reason}</p>
              )}
              {item.modelAnswer && !item.passed && (
                <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="model-answer">
                  Try: “{item.modelAnswer}”
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
      {session.scenarioId && passed < session.rubric.length && (
        <PractiseAgain scenarioId={session.scenarioId} mode={session.mode} />
      )}
    </div>
  );
}
