import { Card, cx } from "@/ui";

import type { Session } from "../api";
import { SCORE_TEXT, SCORES, scoreTone } from "../labels";

export function ScoreCards({ session }: { session: Session }) {
  return (
    <ul className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Scores">
      {SCORES.map((score) => {
        const value = session.metrics?.[score.key] ?? null;
        const tone = scoreTone(value);
        // What the number means for this session (built with the report); reports from before
        // captions existed fall back to what the score measures.
        const caption = session.metrics?.captions?.[score.key] ?? score.description;
        return (
          <li key={score.key} data-testid={`score-${score.key}`}>
            <Card as="div" className="h-full p-4">
              <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{score.label}</p>
              <p className={cx("mt-1 text-3xl font-semibold tabular-nums", SCORE_TEXT[tone])}>
                {value ?? "—"}
                {value !== null && (
                  <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">
                    {" "}
                    / 100
                  </span>
                )}
              </p>
              <p
                className="mt-1 text-xs text-zinc-500 dark:text-zinc-400"
                data-testid={`score-${score.key}-caption`}
              >
                {value === null ? "Too little speech to judge." : caption}
              </p>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}
