import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { TouchUpDialog } from "./TouchUpDialog";

/** A 2D context that records what is drawn, as jsdom has none. */
function fakeContext() {
  const calls: string[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      calls.push(`${name}(${args.join(",")})`);
  return {
    calls,
    ctx: {
      setTransform: record("setTransform"),
      clearRect: record("clearRect"),
      beginPath: record("beginPath"),
      moveTo: record("moveTo"),
      lineTo: record("lineTo"),
      arc: record("arc"),
      fill: record("fill"),
      stroke: record("stroke"),
    } as unknown as CanvasRenderingContext2D,
  };
}

let drawn: ReturnType<typeof fakeContext>;

beforeEach(() => {
  drawn = fakeContext();
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => drawn.ctx as never);
  // The result shown at a quarter of its natural size, 400 x 300 at (100, 50).
  vi.spyOn(HTMLCanvasElement.prototype, "getBoundingClientRect").mockReturnValue({
    left: 100,
    top: 50,
    width: 400,
    height: 300,
    right: 500,
    bottom: 350,
    x: 100,
    y: 50,
    toJSON: () => ({}),
  });
});

function open(props: Partial<Parameters<typeof TouchUpDialog>[0]> = {}) {
  const onSubmit = vi.fn();
  const onClose = vi.fn();
  render(
    <TouchUpDialog
      src="/out.png"
      name="car.jpg"
      natural={{ width: 1600, height: 1200 }}
      onSubmit={onSubmit}
      onClose={onClose}
      {...props}
    />,
  );
  return { onSubmit, onClose, canvas: screen.getByTestId("touch-up-canvas") };
}

function paint(canvas: HTMLElement, points: [number, number][], pointerId = 1) {
  const [first, ...rest] = points;
  const at = ([clientX, clientY]: [number, number]) => ({
    clientX,
    clientY,
    pointerId,
    pointerType: "mouse",
    button: 0,
  });
  fireEvent.pointerDown(canvas, at(first!));
  for (const point of rest) fireEvent.pointerMove(canvas, at(point));
  fireEvent.pointerUp(canvas, at(rest.at(-1) ?? first!));
}

describe("TouchUpDialog", () => {
  it("is a labelled modal that says what happens, with the focus inside", () => {
    open();
    const dialog = screen.getByRole("dialog", { name: "Touch up car.jpg" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription(
      "Paint over what is not part of the car. The photo is cut out again without it.",
    );
    expect(screen.getByAltText("car.jpg, processed")).toHaveAttribute("src", "/out.png");
    expect(screen.getByRole("slider", { name: "Brush size" })).toHaveFocus();
    // Touch paints instead of scrolling the page.
    expect(screen.getByRole("img", { name: "Painting area over car.jpg" })).toHaveClass(
      "touch-none",
    );
  });

  it("sends the strokes in the result's natural pixels, with the brush in natural pixels", async () => {
    const user = userEvent.setup();
    const { onSubmit, canvas } = open();
    const erase = screen.getByRole("button", { name: "Erase" });
    expect(erase).toBeDisabled();

    const brush = screen.getByRole("slider", { name: "Brush size" });
    expect(brush).toHaveValue("40");
    fireEvent.change(brush, { target: { value: "24" } });
    expect(brush).toHaveAttribute("aria-valuetext", "24 pixels");

    paint(canvas, [
      [150, 100],
      [200, 100],
      [201, 100], // 4 natural pixels on: under a quarter of the brush, skipped
      [250, 125],
    ]);
    // A tap: one point.
    paint(canvas, [[500, 350]], 2);
    expect(drawn.calls).toContain("arc(1600,1200,24,0,6.283185307179586)");
    expect(erase).toBeEnabled();
    await user.click(erase);
    expect(onSubmit).toHaveBeenCalledWith({
      strokes: [
        {
          mode: "erase",
          radius: 24,
          points: [
            [200, 200],
            [400, 200],
            [600, 300],
          ],
        },
        { mode: "erase", radius: 24, points: [[1600, 1200]] },
      ],
    });
  });

  it("undoes the last stroke and clears them all", async () => {
    const user = userEvent.setup();
    const { onSubmit, canvas } = open();
    paint(canvas, [
      [110, 60],
      [130, 60],
    ]);
    paint(canvas, [[300, 200]], 2);
    expect(screen.getByText("2 strokes to erase.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Undo stroke" }));
    expect(screen.getByText("1 stroke to erase.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Erase" }));
    expect(onSubmit).toHaveBeenLastCalledWith({
      strokes: [
        {
          mode: "erase",
          radius: 40,
          points: [
            [40, 40],
            [120, 40],
          ],
        },
      ],
    });

    await user.click(screen.getByRole("button", { name: "Clear" }));
    expect(screen.getByRole("button", { name: "Erase" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Undo stroke" })).toBeDisabled();
  });

  it("goes on with a new stroke when one has as many points as the API takes", async () => {
    const user = userEvent.setup();
    const { onSubmit, canvas } = open();
    fireEvent.change(screen.getByRole("slider", { name: "Brush size" }), {
      target: { value: "6" },
    });
    // 2100 points half a CSS pixel (2 natural pixels) apart, row after row.
    const path = Array.from({ length: 2100 }, (_, index): [number, number] => [
      100 + (index % 800) * 0.5,
      60 + Math.floor(index / 800) * 10,
    ]);
    paint(canvas, path);
    await user.click(screen.getByRole("button", { name: "Erase" }));
    const [first, second] = onSubmit.mock.calls[0]![0].strokes;
    expect(first.points).toHaveLength(2000);
    expect(second.points).toHaveLength(101);
    expect(second.points[0]).toEqual(first.points.at(-1));
    expect(second.points.at(-1)).toEqual([998, 120]);
  });

  it("ignores the mouse's other buttons", () => {
    const { canvas } = open();
    fireEvent.pointerDown(canvas, {
      clientX: 120,
      clientY: 60,
      pointerId: 1,
      button: 2,
      pointerType: "mouse",
    });
    fireEvent.pointerUp(canvas, {
      clientX: 120,
      clientY: 60,
      pointerId: 1,
      button: 2,
      pointerType: "mouse",
    });
    expect(screen.getByRole("button", { name: "Erase" })).toBeDisabled();
  });

  it("closes with Escape and with Cancel", async () => {
    const user = userEvent.setup();
    const first = open();
    await user.keyboard("{Escape}");
    expect(first.onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(first.onClose).toHaveBeenCalledTimes(2);
  });

  it("keeps Tab inside the dialog", async () => {
    const user = userEvent.setup();
    const { canvas } = open();
    paint(canvas, [[300, 200]]);
    screen.getByRole("button", { name: "Erase" }).focus();
    await user.tab();
    expect(screen.getByRole("slider", { name: "Brush size" })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Erase" })).toHaveFocus();
  });

  it("shows Erase busy while the photo is sent", () => {
    const { canvas } = open({ submitting: true });
    paint(canvas, [[300, 200]]);
    expect(screen.getByRole("button", { name: "Erase" })).toHaveAttribute("aria-busy", "true");
  });
});
