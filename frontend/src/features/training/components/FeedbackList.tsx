import { Badge } from "@/ui";

import type { FeedbackItem } from "../events";
import { FEEDBACK_TYPES, SEVERITIES } from "../labels";
import { TimeStamp } from "./TimeStamp";

/**
 * Feedback items with their time. Live, the newest come first and are announced politely; in a
 * report the times play the recording from there.
 */
export function FeedbackList({
  items,
  live = false,
  onSeek,
  emptyText,
}: {
  items: readonly FeedbackItem[];
  live?: boolean;
  onSeek?: (seconds: number) => void;
  emptyText: string;
}) {
  return (
    <div role={live ? "log" : undefined} aria-live={live ? "polite" : undefined}>
      {items.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{emptyText}</p>
      ) : (
        <ol className="space-y-2" aria-label="Feedback" data-testid="feedback-list">
          {items.map((item, index) => {
            const type = FEEDBACK_TYPES[item.type];
            return (
              <li
                key={`${item.timestamp}-${item.rule}-${index}`}
                className="flex gap-3 rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
                data-testid="feedback-item"
              >
                <TimeStamp seconds={item.timestamp} onSeek={onSeek} />
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="text-sm text-zinc-800 dark:text-zinc-200">{item.message}</p>
                  <div className="flex flex-wrap gap-1.5">
                    <Badge tone={type.tone}>{type.label}</Badge>
                    {item.type !== "praise" && (
                      <Badge>
                        <span className="sr-only">Severity: </span>
                        {SEVERITIES[item.severity]}
                      </Badge>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
