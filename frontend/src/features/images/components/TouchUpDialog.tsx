"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { createPortal } from "react-dom";

import { Button, ChoiceGroup } from "@/ui";

import {
  brushRange,
  extendStroke,
  MAX_STROKES,
  naturalPerShownPixel,
  strokeIsFull,
  toNaturalPoint,
  touchUpBody,
  type BrushMode,
  type Point,
  type Size,
  type Stroke,
  type TouchUpBody,
} from "../touchUp";
import { alignedStyle, CHECKERBOARD, type InputPlacement } from "./BeforeAfterSlider";

/** The canvas never holds more than this many pixels a side: big photos are drawn scaled down. */
const MAX_CANVAS_SIDE = 2048;
/** Erase strokes: red with white stripes, which still read on a red car (and on a white one). */
const ERASE_COLOUR = "rgb(239 68 68)";
const ERASE_STRIPE = "rgb(255 255 255)";
/** Restore strokes: plain green, told from erase strokes by the stripes too, not only the hue. */
export const RESTORE_COLOUR = "rgb(34 197 94)";
/** How strongly the original photo shows over the result. */
const ORIGINAL_OPACITY = 0.45;
const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]):not([type="radio"]), input[type="radio"]:checked:not([disabled]), select:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

const MODES: readonly { value: BrushMode; label: string; hint: string; swatch: string }[] = [
  {
    value: "erase",
    label: "Erase",
    hint: "Remove what is not the car",
    swatch: `repeating-linear-gradient(135deg, ${ERASE_COLOUR} 0 3px, ${ERASE_STRIPE} 3px 5px)`,
  },
  {
    value: "restore",
    label: "Restore",
    hint: "Bring back car the cut-out lost",
    swatch: RESTORE_COLOUR,
  },
];

/**
 * The erase strokes' fill: diagonal white stripes on red, a tile `period` natural pixels wide
 * (about a hundredth of the image, so some ten screen pixels in the dialog). Plain red where the
 * browser draws no pattern.
 */
function erasePaint(ctx: CanvasRenderingContext2D, period: number): CanvasPattern | string {
  const tile = document.createElement("canvas");
  tile.width = period;
  tile.height = period;
  const paint = tile.getContext("2d");
  if (!paint) return ERASE_COLOUR;
  paint.fillStyle = ERASE_COLOUR;
  paint.fillRect(0, 0, period, period);
  paint.strokeStyle = ERASE_STRIPE;
  paint.lineWidth = period * 0.3;
  paint.beginPath();
  // Three parallel lines, so the stripes meet across the tile's edges.
  for (const offset of [-period, 0, period]) {
    paint.moveTo(offset - period, 2 * period);
    paint.lineTo(offset + 2 * period, -period);
  }
  paint.stroke();
  return ctx.createPattern(tile, "repeat") ?? ERASE_COLOUR;
}

function drawStroke(
  ctx: CanvasRenderingContext2D,
  { mode, radius, points }: Stroke,
  erase: CanvasPattern | string,
) {
  const [first, ...rest] = points;
  if (!first) return;
  const paint = mode === "restore" ? RESTORE_COLOUR : erase;
  ctx.strokeStyle = paint;
  ctx.fillStyle = paint;
  ctx.beginPath();
  if (rest.length === 0) {
    ctx.arc(first[0], first[1], radius, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.lineWidth = radius * 2;
  ctx.moveTo(first[0], first[1]);
  for (const [x, y] of rest) ctx.lineTo(x, y);
  ctx.stroke();
}

/**
 * Paint over what the automatic cut-out wrongly kept (Erase), or over car it lost (Restore), on
 * the result at its natural size (`natural`, the result's pixels): the strokes are sent in those
 * pixels, whatever the scale the image is shown at, each with its mode, in the order drawn.
 *
 * With `original` (the photo and where it lies on the result) the photo can be shown faintly over
 * the result, aligned, so that the car the cut-out lost is seen: it is, while restoring.
 * A modal dialog: Escape or Cancel closes it, the focus stays inside.
 */
export function TouchUpDialog({
  src,
  name,
  natural,
  original,
  submitting = false,
  onSubmit,
  onClose,
}: {
  src: string;
  name: string;
  natural: Size;
  original?: { src: string; placement: InputPlacement } | null;
  submitting?: boolean;
  onSubmit: (body: TouchUpBody) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  const textId = useId();
  const brushId = useId();
  const modeId = useId();
  const originalId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const range = brushRange(natural);
  const [radius, setRadius] = useState(range.initial);
  const [mode, setMode] = useState<BrushMode>("erase");
  const [showOriginal, setShowOriginal] = useState(false);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  /** The stroke under the pointer now, not yet in `strokes`. */
  const drawing = useRef<{ pointerId: number; stroke: Stroke } | null>(null);
  const [cursor, setCursor] = useState<{ x: number; y: number; r: number } | null>(null);
  const scale = Math.min(1, MAX_CANVAS_SIDE / Math.max(natural.width, natural.height));
  const period = Math.max(4, Math.round(Math.max(natural.width, natural.height) / 100));
  const full = strokes.length >= MAX_STROKES;
  /** The erase strokes' paint, made once for the canvas. */
  const erase = useRef<CanvasPattern | string | null>(null);

  const context = useCallback(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return null;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    erase.current ??= erasePaint(ctx, period);
    return { ctx, erase: erase.current };
  }, [scale, period]);

  // Everything drawn again when strokes go (undo, clear), in the order drawn: the later on top.
  useEffect(() => {
    const paint = context();
    if (!paint) return;
    paint.ctx.clearRect(0, 0, natural.width, natural.height);
    for (const stroke of strokes) drawStroke(paint.ctx, stroke, paint.erase);
    if (drawing.current) drawStroke(paint.ctx, drawing.current.stroke, paint.erase);
  }, [context, strokes, natural.width, natural.height]);

  const choose = (next: BrushMode) => {
    setMode(next);
    // Restoring needs the car the result lost in sight: the original comes with it.
    setShowOriginal(next === "restore");
  };

  // The dialog's focus: the first control on opening, kept inside, given back on closing.
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    panel.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
      if (before?.isConnected) before.focus();
    };
  }, []);

  const undo = () => setStrokes((done) => done.slice(0, -1));

  // Escape closes wherever the focus is (a click on the backdrop leaves it on the page).
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    const onEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      closeRef.current();
    };
    document.addEventListener("keydown", onEscape);
    return () => document.removeEventListener("keydown", onEscape);
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "z" && (event.ctrlKey || event.metaKey) && !event.shiftKey) {
      event.preventDefault();
      undo();
    } else if (event.key === "Tab") {
      const controls = Array.from(panel.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
      const first = controls[0];
      const last = controls.at(-1);
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  const pointAt = (event: React.PointerEvent<HTMLCanvasElement>): Point =>
    toNaturalPoint(
      event.clientX,
      event.clientY,
      event.currentTarget.getBoundingClientRect(),
      natural,
    );

  const showCursor = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setCursor({
      x: event.clientX - box.left,
      y: event.clientY - box.top,
      r: radius / naturalPerShownPixel(box, natural),
    });
  };

  const finish = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const current = drawing.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drawing.current = null;
    setStrokes((done) => [...done, current.stroke].slice(0, MAX_STROKES));
  };

  return createPortal(
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950/50 p-4 backdrop-blur-[1px]"
      // A click beside the dialog neither closes it (strokes would be lost) nor takes the focus.
      onMouseDown={(event) => event.target === event.currentTarget && event.preventDefault()}
    >
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={textId}
        onKeyDown={onKeyDown}
        className="flex max-h-full w-full max-w-4xl flex-col gap-3 overflow-auto rounded-xl border border-zinc-200 bg-white p-4 shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div>
          <h2 id={titleId} className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
            Touch up {name}
          </h2>
          <p id={textId} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Paint over what is not part of the car to erase it, or over car the cut-out lost to
            restore it. The photo is cut out again with your changes.
          </p>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ChoiceGroup
            layout="row"
            legendHidden
            legend="Brush"
            name={modeId}
            choices={MODES}
            value={mode}
            onChoose={choose}
            renderChoice={(choice) => (
              <>
                <span
                  aria-hidden="true"
                  className="size-4 shrink-0 rounded-full ring-1 ring-zinc-900/20 dark:ring-white/30"
                  style={{ background: choice.swatch }}
                />
                <span className="flex flex-col leading-tight">
                  <span className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
                    {choice.label}
                  </span>{" "}
                  <span className="text-xs text-zinc-600 dark:text-zinc-400">{choice.hint}</span>
                </span>
              </>
            )}
          />
          {original && (
            <div className="flex items-center gap-2">
              <input
                id={originalId}
                type="checkbox"
                checked={showOriginal}
                onChange={(event) => setShowOriginal(event.target.checked)}
                className="size-4 accent-brand-600 dark:accent-brand-400"
              />
              <label htmlFor={originalId} className="text-sm text-zinc-800 dark:text-zinc-200">
                Show the original photo
              </label>
            </div>
          )}
        </div>
        <div
          className="relative mx-auto overflow-hidden rounded-lg bg-zinc-100 dark:bg-zinc-800"
          style={{
            ...CHECKERBOARD,
            aspectRatio: `${natural.width} / ${natural.height}`,
            width: `min(100%, calc(60vh * ${natural.width / natural.height}))`,
          }}
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets */}
          <img
            src={src}
            alt={`${name}, processed`}
            draggable={false}
            className="absolute inset-0 size-full select-none object-contain"
          />
          {original && showOriginal && (
            // eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets
            <img
              src={original.src}
              alt={`${name}, original`}
              draggable={false}
              data-testid="touch-up-original"
              className="pointer-events-none select-none"
              style={{ ...alignedStyle(original.placement), opacity: ORIGINAL_OPACITY }}
            />
          )}
          <canvas
            ref={canvas}
            width={Math.round(natural.width * scale)}
            height={Math.round(natural.height * scale)}
            role="img"
            aria-label={`Painting area over ${name}`}
            data-testid="touch-up-canvas"
            className="absolute inset-0 size-full cursor-none touch-none opacity-50"
            onPointerDown={(event) => {
              if (event.pointerType === "mouse" && event.button !== 0) return;
              if (drawing.current || full || submitting) return;
              event.preventDefault();
              event.currentTarget.setPointerCapture?.(event.pointerId);
              const stroke: Stroke = { mode, radius, points: [pointAt(event)] };
              drawing.current = { pointerId: event.pointerId, stroke };
              const paint = context();
              if (paint) drawStroke(paint.ctx, stroke, paint.erase);
              showCursor(event);
            }}
            onPointerMove={(event) => {
              showCursor(event);
              const current = drawing.current;
              if (!current || current.pointerId !== event.pointerId) return;
              const before = current.stroke;
              const stroke = extendStroke(before, pointAt(event));
              if (stroke === before) return;
              const paint = context();
              if (paint) {
                drawStroke(paint.ctx, { ...stroke, points: stroke.points.slice(-2) }, paint.erase);
              }
              if (strokeIsFull(stroke)) {
                // The API takes at most so many points a stroke: go on with a new one.
                const last = stroke.points.at(-1)!;
                const room = MAX_STROKES - strokes.length - 1;
                setStrokes((done) => [...done, stroke].slice(0, MAX_STROKES));
                drawing.current =
                  room > 0
                    ? { pointerId: event.pointerId, stroke: { ...stroke, points: [last] } }
                    : null;
              } else {
                current.stroke = stroke;
              }
            }}
            onPointerUp={finish}
            onPointerCancel={finish}
            onPointerLeave={() => setCursor(null)}
          />
          {cursor && (
            <span
              aria-hidden="true"
              className="pointer-events-none absolute rounded-full border border-white shadow-[0_0_0_1px_rgba(0,0,0,0.5)]"
              style={{
                left: cursor.x - cursor.r,
                top: cursor.y - cursor.r,
                width: cursor.r * 2,
                height: cursor.r * 2,
              }}
            />
          )}
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <div className="flex items-center gap-2">
              <label
                htmlFor={brushId}
                className="text-sm font-medium text-zinc-800 dark:text-zinc-200"
              >
                Brush size
              </label>
              <input
                id={brushId}
                type="range"
                min={range.min}
                max={range.max}
                step={range.step}
                value={radius}
                aria-valuetext={`${radius} pixels`}
                onChange={(event) => setRadius(Number(event.target.value))}
                className="w-32 accent-brand-600 dark:accent-brand-400"
              />
              <span
                aria-hidden="true"
                className="w-14 text-xs tabular-nums text-zinc-500 dark:text-zinc-400"
              >
                {radius} px
              </span>
            </div>
            <Button variant="secondary" size="sm" disabled={strokes.length === 0} onClick={undo}>
              Undo stroke
            </Button>
            <Button
              variant="ghost"
              size="sm"
              disabled={strokes.length === 0}
              onClick={() => setStrokes([])}
            >
              Clear
            </Button>
          </div>
          <div className="flex items-center gap-2">
            <Button variant="ghost" size="sm" onClick={onClose}>
              Cancel
            </Button>
            <Button
              size="sm"
              disabled={strokes.length === 0}
              loading={submitting}
              onClick={() => onSubmit(touchUpBody(strokes))}
            >
              Apply
            </Button>
          </div>
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
          {full
            ? `That is ${MAX_STROKES} strokes, the most one go takes: apply these, then touch up again.`
            : strokes.length > 0
              ? `${strokes.length} ${strokes.length === 1 ? "stroke" : "strokes"} to apply.`
              : ""}
        </p>
      </div>
    </div>,
    document.body,
  );
}
