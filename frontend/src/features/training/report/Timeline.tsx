"use client";

import { cx } from "@/ui";

import { clock } from "../pace";

export interface TimelineMarker {
  id: string;
  at: number;
  /** What the marker says to a screen reader and in its tooltip. */
  label: string;
}

const percent = (at: number, duration: number) =>
  `${(100 * Math.min(Math.max(at, 0), duration)) / duration}%`;

/**
 * The recording as a bar: how far it has played, and a marker at each comment. Clicking the bar
 * plays from that point; each marker is a button that plays from its moment (the keyboard's way
 * in, with the player's own controls for the rest).
 */
export function Timeline({
  duration,
  time,
  markers,
  onSeek,
}: {
  duration: number;
  time: number;
  markers: readonly TimelineMarker[];
  onSeek?: (seconds: number) => void;
}) {
  if (duration <= 0) return null;
  const onClick = (event: React.MouseEvent<HTMLDivElement>) => {
    if (!onSeek || event.target !== event.currentTarget) return;
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width > 0) onSeek(((event.clientX - box.left) / box.width) * duration);
  };
  return (
    <div className="space-y-1" data-testid="timeline">
      <div
        className={cx(
          "relative h-3 rounded-full bg-zinc-200 dark:bg-zinc-800",
          onSeek && "cursor-pointer",
        )}
        onClick={onClick}
      >
        <div
          className="pointer-events-none absolute inset-y-0 left-0 rounded-full bg-brand-500/60"
          style={{ width: percent(time, duration) }}
          aria-hidden="true"
        />
        {markers.map((marker) => (
          <button
            key={marker.id}
            type="button"
            className="absolute top-1/2 size-4 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-amber-500 shadow focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-zinc-900"
            style={{ left: percent(marker.at, duration) }}
            title={marker.label}
            aria-label={marker.label}
            data-testid="timeline-marker"
            onClick={() => onSeek?.(marker.at)}
          />
        ))}
      </div>
      <p className="flex justify-between font-mono text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
        <span>{clock(time)}</span>
        <span>{clock(duration)}</span>
      </p>
    </div>
  );
}
