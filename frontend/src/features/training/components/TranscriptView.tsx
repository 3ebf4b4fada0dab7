"use client";

import { useMemo } from "react";

import { cx } from "@/ui";

import { paragraphs, type Mark, type TranscriptWord } from "../transcript";
import { TimeStamp } from "./TimeStamp";

const MARK_CLASSES: Record<Exclude<Mark, null>, string> = {
  hesitation: "bg-red-100 text-red-900 decoration-red-500 dark:bg-red-950/60 dark:text-red-100",
  discourse:
    "bg-amber-100 text-amber-900 decoration-amber-500 dark:bg-amber-950/60 dark:text-amber-100",
  hedge: "bg-sky-100 text-sky-900 decoration-sky-500 dark:bg-sky-950/60 dark:text-sky-100",
};

const MARK_LABELS: Record<Exclude<Mark, null>, string> = {
  hesitation: "hesitation (um, uh)",
  discourse: "filler word",
  hedge: "hedge",
};

export function TranscriptLegend({ unsure = false }: { unsure?: boolean }) {
  return (
    <ul className="flex flex-wrap gap-2 text-xs" aria-label="Highlight colours">
      {(Object.keys(MARK_CLASSES) as Exclude<Mark, null>[]).map((mark) => (
        <li key={mark} className={cx("rounded px-1.5 py-0.5", MARK_CLASSES[mark])}>
          {MARK_LABELS[mark]}
        </li>
      ))}
      {unsure && (
        <li className="rounded px-1.5 py-0.5 text-zinc-600 underline decoration-dotted decoration-zinc-400 dark:text-zinc-400">
          unclear word
        </li>
      )}
    </ul>
  );
}

/**
 * The transcript with fillers and hedges highlighted. With `onSeek`, each paragraph's time is a
 * button and each word can be clicked to play the recording from there; `currentTime` marks the
 * word being played. `unsure` underlines words the recogniser doubted (the report's careful
 * pass; the quick live pass doubts too many to be useful). `annotate` adds content under each
 * paragraph for the moments it covers, from its start (the first: from the beginning) to the
 * next paragraph's start (the last: to the end): the report's comments sit where they belong.
 */
export function TranscriptView({
  words,
  onSeek,
  currentTime,
  emptyText,
  unsure = false,
  annotate,
}: {
  words: readonly TranscriptWord[];
  onSeek?: (seconds: number) => void;
  currentTime?: number;
  emptyText: string;
  unsure?: boolean;
  annotate?: (from: number, to: number) => React.ReactNode;
}) {
  // Built once per transcript, not at each step of playback that moves the highlight.
  const paras = useMemo(() => paragraphs(words), [words]);
  if (paras.length === 0) {
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">{emptyText}</p>;
  }
  // One listener for all words (a timestamp has no data-start, so its own click is not
  // repeated here): clicking a word seeks, the timestamps serve the keyboard.
  const onClick = (event: React.MouseEvent<HTMLElement>) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>("[data-start]");
    if (target && onSeek) onSeek(Number(target.dataset.start));
  };
  return (
    <div className="space-y-3" onClick={onSeek ? onClick : undefined} data-testid="transcript">
      {paras.map((paragraph, at) => (
        <div key={paragraph.start} className="flex gap-3">
          <TimeStamp seconds={paragraph.start} onSeek={onSeek} className="mt-1" />
          <div className="min-w-0 flex-1 space-y-2">
            <p className="text-sm leading-7 text-zinc-800 dark:text-zinc-200">
              {paragraph.tokens.map((token, index) => {
                const playing =
                  currentTime !== undefined &&
                  currentTime >= token.start &&
                  currentTime < token.end + 0.05;
                return (
                  <span key={index}>
                    {index > 0 && " "}
                    <span
                      data-start={onSeek ? token.start : undefined}
                      aria-current={playing ? "time" : undefined}
                      title={token.mark ? MARK_LABELS[token.mark] : undefined}
                      className={cx(
                        token.mark && cx("rounded px-0.5", MARK_CLASSES[token.mark]),
                        unsure && token.unsure && "underline decoration-dotted decoration-zinc-400",
                        onSeek && "cursor-pointer hover:bg-zinc-200/70 dark:hover:bg-zinc-700/60",
                        playing && "bg-brand-200 dark:bg-brand-800",
                      )}
                    >
                      {token.text}
                    </span>
                  </span>
                );
              })}
            </p>
            {annotate?.(at === 0 ? -Infinity : paragraph.start, paras[at + 1]?.start ?? Infinity)}
          </div>
        </div>
      ))}
    </div>
  );
}
