// Touch-up strokes: what the user paints on a cut-out, in the result image's own pixels (its
// natural size), which is what the API takes. Pure, so the geometry is tested without a browser.
import { isRunning } from "@/features/jobs";
import type { Body, Job, JobItem } from "@/lib/api/types";

/** What POST .../touch-up takes: the strokes, in the order drawn. */
export type TouchUpBody = Body<"/api/v1/jobs/{job_id}/items/{item_id}/touch-up", "post">;
/**
 * One stroke of the round brush: a polyline and the brush radius, in natural pixels, and what it
 * does: `erase` removes what is not the car, `restore` puts back car the cut-out lost.
 */
export type Stroke = TouchUpBody["strokes"][number];
/** What a stroke does. */
export type BrushMode = Stroke["mode"];
/** A point in the result image's natural pixels. */
export type Point = Stroke["points"][number];

/** The API's limits (POST .../touch-up): 1 to 100 strokes, each 1 to 2000 points, radius to 2000. */
export const MAX_STROKES = 100;
export const MAX_POINTS = 2000;
const MAX_RADIUS = 2000;

export interface Size {
  width: number;
  height: number;
}

/** Where the image is drawn on the screen (a DOMRect or its like). */
export interface ShownBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

function clamp(value: number, low: number, high: number) {
  return Math.max(low, Math.min(high, value));
}

/** Two decimals are plenty for a brush and keep the request small. */
function round(value: number) {
  return Math.round(value * 100) / 100;
}

/**
 * A pointer position (client coordinates) on the image shown in `box` (CSS-scaled, filling the
 * box exactly), as a point in the image's natural pixels, kept inside the image.
 */
export function toNaturalPoint(
  clientX: number,
  clientY: number,
  box: ShownBox,
  natural: Size,
): Point {
  const x = box.width > 0 ? ((clientX - box.left) / box.width) * natural.width : 0;
  const y = box.height > 0 ? ((clientY - box.top) / box.height) * natural.height : 0;
  return [round(clamp(x, 0, natural.width)), round(clamp(y, 0, natural.height))];
}

/** How many natural pixels one CSS pixel of the shown image covers. */
export function naturalPerShownPixel(box: ShownBox, natural: Size) {
  return box.width > 0 ? natural.width / box.width : 1;
}

/** The brush sizes offered for an image, in its natural pixels: from fine to broad. */
export function brushRange(natural: Size) {
  const side = Math.min(natural.width, natural.height);
  const min = Math.max(1, Math.round(side / 200));
  const max = Math.min(MAX_RADIUS, Math.max(min + 1, Math.round(side / 6)));
  const initial = clamp(Math.round(side / 30), min, max);
  return { min, max, initial, step: 1 };
}

/**
 * Adds `point` to a stroke being drawn, unless it is too close to the last one to matter
 * (a quarter of the brush radius): a steady hand sends a few hundred points, not thousands.
 */
export function extendStroke(stroke: Stroke, point: Point): Stroke {
  const last = stroke.points.at(-1);
  if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < stroke.radius / 4) return stroke;
  return { ...stroke, points: [...stroke.points, point] };
}

/** Whether a stroke is full: the next point starts a new one from its last point. */
export function strokeIsFull(stroke: Stroke) {
  return stroke.points.length >= MAX_POINTS;
}

/** The request body for the strokes drawn, each with its own mode, in the order drawn. */
export function touchUpBody(strokes: Stroke[]): TouchUpBody {
  return { strokes: strokes.map(({ mode, radius, points }) => ({ mode, radius, points })) };
}

const CUT_OUT_JOBS: ReadonlySet<Job["jobType"]> = new Set(["background_removal", "full_pipeline"]);

/** Whether a photo's result can be touched up: a finished cut-out, with the job at rest. */
export function canTouchUp(job: Job, item: JobItem) {
  return (
    CUT_OUT_JOBS.has(job.jobType) &&
    !isRunning(job.status) &&
    item.status === "completed" &&
    Boolean(item.outputUrl) &&
    item.inputPlacement != null
  );
}

/** Whether a photo's touch-ups can be removed: it has some, and the job is at rest. */
export function canUndoTouchUps(job: Job, item: JobItem) {
  return CUT_OUT_JOBS.has(job.jobType) && !isRunning(job.status) && hasTouchUps(job, item);
}

/** Whether a photo has touch-ups (job.settings.touchUps is keyed by the item's position). */
export function hasTouchUps(job: Job, item: JobItem) {
  const touchUps = job.settings.touchUps;
  return (
    typeof touchUps === "object" &&
    touchUps !== null &&
    Object.prototype.hasOwnProperty.call(touchUps, String(item.position))
  );
}
