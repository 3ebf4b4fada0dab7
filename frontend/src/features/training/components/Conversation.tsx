import { Badge, cx } from "@/ui";

import { isNegativeMove, PATIENCE_GOOD_S, type ConversationTurn, type Speaker } from "../roleplay";
import { TimeStamp } from "./TimeStamp";

const SPEAKERS: Record<Speaker, string> = { salesperson: "You", customer: "Customer" };

/**
 * A role-play as chat bubbles: the customer on the left, the salesperson on the right, the
 * customer's objections highlighted, and (in the report) what each of the salesperson's turns did
 * and how long they paused before answering an objection.
 */
export function Conversation({
  turns,
  onSeek,
  emptyText,
}: {
  turns: readonly ConversationTurn[];
  onSeek?: (seconds: number) => void;
  emptyText: string;
}) {
  if (turns.length === 0) {
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">{emptyText}</p>;
  }
  return (
    <ol className="space-y-3" aria-label="Turns">
      {turns.map((turn, index) => {
        const mine = turn.speaker === "salesperson";
        return (
          <li
            key={index}
            data-testid="turn"
            data-speaker={turn.speaker}
            data-objection={turn.objection ? "true" : undefined}
            className={cx("flex flex-col gap-1", mine ? "items-end" : "items-start")}
          >
            <span className="flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
              {SPEAKERS[turn.speaker]}
              {turn.start != null && <TimeStamp seconds={turn.start} onSeek={onSeek} />}
              {turn.objection && <Badge tone="warning">Objection</Badge>}
              {turn.pauseS != null && (
                <Badge tone={turn.pauseS >= PATIENCE_GOOD_S ? "success" : "warning"}>
                  Paused {turn.pauseS.toFixed(1)} s
                </Badge>
              )}
            </span>
            <p
              className={cx(
                "max-w-[85%] rounded-2xl px-3.5 py-2 text-sm",
                mine
                  ? "rounded-br-sm bg-brand-600 text-white dark:bg-brand-500"
                  : "rounded-bl-sm bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
                turn.objection && "ring-2 ring-amber-400 dark:ring-amber-500",
              )}
            >
              {turn.text}
            </p>
            {turn.moves && turn.moves.length > 0 && (
              <ul className="flex flex-wrap justify-end gap-1" aria-label="What you did">
                {turn.moves.map((move) => (
                  <li key={move}>
                    <Badge tone={isNegativeMove(move) ? "danger" : "neutral"}>{move}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
