"use client";

import { useRef, useState } from "react";

import type { JobItem } from "@/lib/api/types";
import { cx } from "@/ui";

/** Where the original photo lies on the result, in the result's pixels (from the job's framing). */
export type InputPlacement = NonNullable<JobItem["inputPlacement"]>;

const STEP = 5;
const BIG_STEP = 20;

/** Light squares behind the result, so transparency reads as transparency. */
export const CHECKERBOARD: React.CSSProperties = {
  background: "repeating-conic-gradient(#e4e4e7 0 25%, #fafafa 0 50%) 50% / 16px 16px",
};

function clamp(value: number) {
  return Math.max(0, Math.min(100, value));
}

function percent(part: number, whole: number) {
  return `${(part / whole) * 100}%`;
}

/**
 * The original drawn where the framing put it on the result: same scale, same position. For an
 * image absolutely placed in a box of the result's shape.
 */
export function alignedStyle(placement: InputPlacement): React.CSSProperties {
  return {
    position: "absolute",
    maxWidth: "none",
    left: percent(placement.left, placement.outputWidth),
    top: percent(placement.top, placement.outputHeight),
    width: percent(placement.width, placement.outputWidth),
    height: percent(placement.height, placement.outputHeight),
  };
}

/**
 * The original photo on the left of the handle, the result on the right. Drag anywhere on the
 * image, or focus the handle and use the arrow keys (Shift or Page Up/Down for bigger steps,
 * Home and End for the ends).
 *
 * With `placement` the two are aligned: the box takes the result's shape and the original is
 * drawn at the scale and position the framing gave it, so the car does not jump at the handle.
 */
export function BeforeAfterSlider({
  before,
  after,
  name,
  placement,
  className,
}: {
  before: string;
  after: string;
  name: string;
  placement?: InputPlacement | null;
  className?: string;
}) {
  const [position, setPosition] = useState(50);
  const box = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const moveTo = (clientX: number) => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setPosition(clamp(((clientX - rect.left) / rect.width) * 100));
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const moves: Record<string, number> = {
      ArrowLeft: position - step,
      ArrowDown: position - step,
      ArrowRight: position + step,
      ArrowUp: position + step,
      PageDown: position - BIG_STEP,
      PageUp: position + BIG_STEP,
      Home: 0,
      End: 100,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setPosition(clamp(next));
  };

  return (
    <div
      ref={box}
      className={cx(
        "relative touch-none select-none overflow-hidden rounded-lg bg-zinc-100 dark:bg-zinc-800",
        !placement && "aspect-[4/3]",
        className,
      )}
      style={
        placement
          ? { aspectRatio: `${placement.outputWidth} / ${placement.outputHeight}` }
          : undefined
      }
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        moveTo(event.clientX);
      }}
      onPointerMove={(event) => dragging.current && moveTo(event.clientX)}
      onPointerUp={() => (dragging.current = false)}
      onPointerCancel={() => (dragging.current = false)}
    >
      {/* The result, visible right of the handle. */}
      <div
        className="absolute inset-0"
        style={{ ...CHECKERBOARD, clipPath: `inset(0 0 0 ${position}%)` }}
      >
        {/* eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets */}
        <img
          src={after}
          alt={`${name}, processed`}
          draggable={false}
          className="size-full object-contain"
        />
      </div>
      {/* The original, visible left of the handle. */}
      <div className="absolute inset-0" style={{ clipPath: `inset(0 ${100 - position}% 0 0)` }}>
        {/* eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets */}
        <img
          src={before}
          alt={`${name}, original`}
          draggable={false}
          className={placement ? undefined : "size-full object-contain"}
          style={placement ? alignedStyle(placement) : undefined}
        />
      </div>
      <span className="pointer-events-none absolute left-2 top-2 rounded bg-zinc-900/70 px-1.5 py-0.5 text-[11px] font-medium text-white">
        Before
      </span>
      <span className="pointer-events-none absolute right-2 top-2 rounded bg-zinc-900/70 px-1.5 py-0.5 text-[11px] font-medium text-white">
        After
      </span>
      <div
        className="pointer-events-none absolute inset-y-0 w-0.5 -translate-x-1/2 bg-white shadow-[0_0_0_1px_rgba(0,0,0,0.25)]"
        style={{ left: `${position}%` }}
      />
      <div
        role="slider"
        tabIndex={0}
        aria-label={`Compare before and after: ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(position)}
        aria-valuetext={`${Math.round(position)} % original`}
        aria-orientation="horizontal"
        onKeyDown={onKeyDown}
        className="absolute top-1/2 flex size-8 -translate-x-1/2 -translate-y-1/2 cursor-ew-resize items-center justify-center rounded-full bg-white text-zinc-700 shadow-md ring-1 ring-zinc-300 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
        style={{ left: `${position}%` }}
      >
        <svg
          viewBox="0 0 24 24"
          className="size-4"
          fill="none"
          stroke="currentColor"
          strokeWidth={2}
          aria-hidden="true"
        >
          <path d="m9 7-5 5 5 5M15 7l5 5-5 5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </div>
    </div>
  );
}
