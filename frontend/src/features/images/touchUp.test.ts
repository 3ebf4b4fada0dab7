import { describe, expect, it } from "vitest";

import { makeJob, makeJobItem } from "@/test/fixtures";

import {
  brushRange,
  canTouchUp,
  canUndoTouchUps,
  extendStroke,
  hasTouchUps,
  naturalPerShownPixel,
  toNaturalPoint,
  touchUpBody,
} from "./touchUp";

const placement = {
  outputWidth: 1600,
  outputHeight: 1200,
  left: 0,
  top: 0,
  width: 1600,
  height: 1200,
};

describe("toNaturalPoint", () => {
  const box = { left: 100, top: 50, width: 400, height: 300 };
  const natural = { width: 1600, height: 1200 };

  it("scales a position on the shown image to the image's own pixels", () => {
    expect(toNaturalPoint(100, 50, box, natural)).toEqual([0, 0]);
    expect(toNaturalPoint(300, 200, box, natural)).toEqual([800, 600]);
    expect(toNaturalPoint(500, 350, box, natural)).toEqual([1600, 1200]);
    expect(toNaturalPoint(101.3, 50.7, box, natural)).toEqual([5.2, 2.8]);
  });

  it("keeps positions outside the image on its edge", () => {
    expect(toNaturalPoint(40, 400, box, natural)).toEqual([0, 1200]);
    expect(toNaturalPoint(900, -10, box, natural)).toEqual([1600, 0]);
  });

  it("copes with an image not laid out yet", () => {
    expect(toNaturalPoint(10, 10, { left: 0, top: 0, width: 0, height: 0 }, natural)).toEqual([
      0, 0,
    ]);
    expect(naturalPerShownPixel({ left: 0, top: 0, width: 0, height: 0 }, natural)).toBe(1);
    expect(naturalPerShownPixel(box, natural)).toBe(4);
  });
});

describe("strokes", () => {
  it("skips points too close to the last one", () => {
    const stroke = { mode: "restore" as const, radius: 20, points: [[0, 0] as [number, number]] };
    expect(extendStroke(stroke, [3, 3])).toBe(stroke);
    expect(extendStroke(stroke, [5, 0])).toEqual({
      mode: "restore",
      radius: 20,
      points: [
        [0, 0],
        [5, 0],
      ],
    });
  });

  it("offers brush sizes that fit the image", () => {
    expect(brushRange({ width: 1600, height: 1200 })).toEqual({
      min: 6,
      max: 200,
      initial: 40,
      step: 1,
    });
    const tiny = brushRange({ width: 40, height: 30 });
    expect(tiny.min).toBeGreaterThanOrEqual(1);
    expect(tiny.max).toBeGreaterThan(tiny.min);
    expect(tiny.initial).toBeGreaterThanOrEqual(tiny.min);
  });

  it("makes the request body: each stroke with its mode, in the order drawn", () => {
    expect(
      touchUpBody([
        { mode: "erase", radius: 8, points: [[1, 2]] },
        { mode: "restore", radius: 4, points: [[3, 4]] },
        { mode: "erase", radius: 2, points: [[5, 6]] },
      ]),
    ).toEqual({
      strokes: [
        { mode: "erase", radius: 8, points: [[1, 2]] },
        { mode: "restore", radius: 4, points: [[3, 4]] },
        { mode: "erase", radius: 2, points: [[5, 6]] },
      ],
    });
  });
});

describe("who may touch up", () => {
  const done = makeJobItem({
    status: "completed",
    position: 1,
    outputUrl: "/out",
    inputUrl: "/in",
    inputPlacement: placement,
  });

  it("offers it on a finished cut-out of a job at rest", () => {
    expect(canTouchUp(makeJob({ status: "completed", items: [done] }), done)).toBe(true);
    expect(
      canTouchUp(
        makeJob({ status: "completed", jobType: "background_removal", items: [done] }),
        done,
      ),
    ).toBe(true);
  });

  it("not on enhancement jobs, running jobs or unfinished photos", () => {
    expect(
      canTouchUp(
        makeJob({ status: "completed", jobType: "image_enhancement", items: [done] }),
        done,
      ),
    ).toBe(false);
    expect(canTouchUp(makeJob({ status: "processing", items: [done] }), done)).toBe(false);
    expect(canTouchUp(makeJob({ status: "pending", items: [done] }), done)).toBe(false);
    const failed = { ...done, status: "failed" as const, outputUrl: null };
    expect(canTouchUp(makeJob({ status: "completed", items: [failed] }), failed)).toBe(false);
    const unplaced = { ...done, inputPlacement: null };
    expect(canTouchUp(makeJob({ status: "completed", items: [unplaced] }), unplaced)).toBe(false);
  });

  it("knows a photo's touch-ups by its position", () => {
    const settings = { format: "png", touchUps: { "1": [{ radius: 4, points: [[1, 1]] }] } };
    const job = makeJob({ status: "completed", items: [done], settings });
    expect(hasTouchUps(job, done)).toBe(true);
    expect(canUndoTouchUps(job, done)).toBe(true);
    expect(hasTouchUps(job, { ...done, position: 0 })).toBe(false);
    expect(hasTouchUps(makeJob({ items: [done] }), done)).toBe(false);
    expect(canUndoTouchUps({ ...job, status: "processing" }, done)).toBe(false);
  });
});
