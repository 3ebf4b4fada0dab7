import { cx } from "@/ui";

import { clock } from "../pace";

/** A moment of the recording: a button that plays from there when `onSeek` is given. */
export function TimeStamp({
  seconds,
  onSeek,
  className,
}: {
  seconds: number;
  onSeek?: (seconds: number) => void;
  className?: string;
}) {
  if (!onSeek) {
    return (
      <span
        className={cx(
          "shrink-0 font-mono text-xs text-zinc-500 tabular-nums dark:text-zinc-400",
          className,
        )}
      >
        {clock(seconds)}
      </span>
    );
  }
  return (
    <button
      type="button"
      onClick={() => onSeek(seconds)}
      className={cx(
        "h-fit shrink-0 rounded px-1 font-mono text-xs text-brand-700 tabular-nums hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-300 dark:hover:bg-brand-950/50",
        className,
      )}
      aria-label={`Play from ${clock(seconds)}`}
    >
      {clock(seconds)}
    </button>
  );
}
