import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { RESTORE_COLOUR, TouchUpDialog } from "./TouchUpDialog";

/**
 * A 2D context that records what is drawn, and with what paint, as jsdom has none. The erase
 * strokes' striped pattern comes out as "stripes".
 */
function fakeContext() {
  const calls: string[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      calls.push(`${name}(${args.join(",")})`);
  const ctx = {
    setTransform: record("setTransform"),
    clearRect: record("clearRect"),
    fillRect: record("fillRect"),
    beginPath: record("beginPath"),
    moveTo: record("moveTo"),
    lineTo: record("lineTo"),
    arc: record("arc"),
    fill: record("fill"),
    stroke: record("stroke"),
    createPattern: () => "stripes",
  };
  for (const style of ["strokeStyle", "fillStyle"]) {
    Object.defineProperty(ctx, style, {
      set: (value: unknown) => calls.push(`${style}=${value}`),
      get: () => "",
    });
  }
  return { calls, ctx: ctx as unknown as CanvasRenderingContext2D };
}

/**
 * What the canvas shows since it was last drawn again whole: each stroke's paint and its first
 * shape (an arc for a tap, a line from its first point else).
 */
function paintedShapes(calls: string[]) {
  const shapes: string[] = [];
  let paint = "";
  for (const call of calls.slice(calls.findLastIndex((call) => call.startsWith("clearRect(")))) {
    if (call.startsWith("strokeStyle=")) paint = call.slice("strokeStyle=".length);
    else if (call.startsWith("arc(") || call.startsWith("moveTo(")) shapes.push(`${paint} ${call}`);
  }
  return shapes;
}

const placement = {
  outputWidth: 1600,
  outputHeight: 1200,
  left: 200,
  top: -120,
  width: 1200,
  height: 900,
};

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
      "Paint over what is not part of the car to erase it, or over car the cut-out lost to restore it. The photo is cut out again with your changes.",
    );
    expect(screen.getByAltText("car.jpg, processed")).toHaveAttribute("src", "/out.png");
    expect(screen.getByRole("radio", { name: /^Erase/ })).toHaveFocus();
    // Touch paints instead of scrolling the page.
    expect(screen.getByRole("img", { name: "Painting area over car.jpg" })).toHaveClass(
      "touch-none",
    );
  });

  it("sends the strokes in the result's natural pixels, with the brush in natural pixels", async () => {
    const user = userEvent.setup();
    const { onSubmit, canvas } = open();
    const erase = screen.getByRole("button", { name: "Apply" });
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
    expect(screen.getByText("2 strokes to apply.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Undo stroke" }));
    expect(screen.getByText("1 stroke to apply.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Apply" }));
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
    expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Undo stroke" })).toBeDisabled();
  });

  it("goes on with a new stroke when one has as many points as the API takes", async () => {
    const user = userEvent.setup();
    const { onSubmit, canvas } = open();
    await user.click(screen.getByRole("radio", { name: /^Restore/ }));
    fireEvent.change(screen.getByRole("slider", { name: "Brush size" }), {
      target: { value: "6" },
    });
    // 2100 points half a CSS pixel (2 natural pixels) apart, row after row.
    const path = Array.from({ length: 2100 }, (_, index): [number, number] => [
      100 + (index % 800) * 0.5,
      60 + Math.floor(index / 800) * 10,
    ]);
    paint(canvas, path);
    await user.click(screen.getByRole("button", { name: "Apply" }));
    const [first, second] = onSubmit.mock.calls[0]![0].strokes;
    expect(first.points).toHaveLength(2000);
    expect(second.points).toHaveLength(101);
    expect(second.points[0]).toEqual(first.points.at(-1));
    expect(second.points.at(-1)).toEqual([998, 120]);
    // The stroke gone on with is the same brush.
    expect([first.mode, second.mode]).toEqual(["restore", "restore"]);
    expect(second.radius).toBe(6);
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
    expect(screen.getByRole("button", { name: "Apply" })).toBeDisabled();
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
    screen.getByRole("button", { name: "Apply" }).focus();
    await user.tab();
    expect(screen.getByRole("radio", { name: /^Erase/ })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Apply" })).toHaveFocus();
  });

  it("shows Apply busy while the photo is sent", () => {
    const { canvas } = open({ submitting: true });
    paint(canvas, [[300, 200]]);
    expect(screen.getByRole("button", { name: "Apply" })).toHaveAttribute("aria-busy", "true");
  });

  it("offers Erase and Restore brushes, each with a hint", async () => {
    const user = userEvent.setup();
    open();
    const group = screen.getByRole("group", { name: "Brush" });
    expect(group).toBeInTheDocument();
    const erase = screen.getByRole("radio", { name: /^Erase/ });
    const restore = screen.getByRole("radio", { name: /^Restore/ });
    expect(erase).toBeChecked();
    expect(restore).not.toBeChecked();
    expect(erase).toHaveAccessibleName("Erase Remove what is not the car");
    expect(restore).toHaveAccessibleName("Restore Bring back car the cut-out lost");

    await user.click(screen.getByText("Restore"));
    expect(restore).toBeChecked();
    expect(erase).not.toBeChecked();
    // The arrow keys move between them, as in any radio group.
    await user.keyboard("{ArrowLeft}");
    expect(erase).toBeChecked();
  });

  it("keeps each stroke's mode and sends them in the order drawn", async () => {
    const user = userEvent.setup();
    const { onSubmit, canvas } = open();
    paint(canvas, [[150, 100]]);
    await user.click(screen.getByRole("radio", { name: /^Restore/ }));
    paint(canvas, [
      [200, 200],
      [300, 200],
    ]);
    await user.click(screen.getByRole("radio", { name: /^Erase/ }));
    paint(canvas, [[400, 300]]);
    expect(screen.getByText("3 strokes to apply.")).toBeInTheDocument();

    // Erase strokes are striped red, restore strokes green, the later drawn over the earlier.
    expect(paintedShapes(drawn.calls)).toEqual([
      "stripes arc(200,200,40,0,6.283185307179586)",
      `${RESTORE_COLOUR} moveTo(400,600)`,
      "stripes arc(1200,1000,40,0,6.283185307179586)",
    ]);
    // Undo draws the rest again, each in its own paint.
    await user.click(screen.getByRole("button", { name: "Undo stroke" }));
    expect(paintedShapes(drawn.calls)).toEqual([
      "stripes arc(200,200,40,0,6.283185307179586)",
      `${RESTORE_COLOUR} moveTo(400,600)`,
    ]);
    paint(canvas, [[400, 300]]);

    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(onSubmit).toHaveBeenCalledWith({
      strokes: [
        { mode: "erase", radius: 40, points: [[200, 200]] },
        {
          mode: "restore",
          radius: 40,
          points: [
            [400, 600],
            [800, 600],
          ],
        },
        { mode: "erase", radius: 40, points: [[1200, 1000]] },
      ],
    });
  });

  it("shows the original photo aligned over the result while restoring", async () => {
    const user = userEvent.setup();
    const { onSubmit, canvas } = open({ original: { src: "/in.jpg", placement } });
    const show = screen.getByRole("checkbox", { name: "Show the original photo" });
    expect(show).not.toBeChecked();
    expect(screen.queryByAltText("car.jpg, original")).not.toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: /^Restore/ }));
    expect(show).toBeChecked();
    const original = screen.getByAltText("car.jpg, original");
    expect(original).toHaveAttribute("src", "/in.jpg");
    // Where the framing put the photo on the result, faint enough to see the result through it.
    expect(original).toHaveStyle({
      position: "absolute",
      left: "12.5%",
      top: "-10%",
      width: "75%",
      height: "75%",
      opacity: "0.45",
    });
    // Under the painting area, which still takes the pointer in the result's pixels.
    expect(original).toHaveClass("pointer-events-none");
    expect(original.compareDocumentPosition(canvas)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    expect(screen.getByAltText("car.jpg, processed").compareDocumentPosition(original)).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    paint(canvas, [[500, 350]]);
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(onSubmit).toHaveBeenCalledWith({
      strokes: [{ mode: "restore", radius: 40, points: [[1600, 1200]] }],
    });

    // The checkbox hides it, and shows it while erasing too.
    await user.click(show);
    expect(screen.queryByAltText("car.jpg, original")).not.toBeInTheDocument();
    await user.click(show);
    expect(screen.getByAltText("car.jpg, original")).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: /^Erase/ }));
    expect(show).not.toBeChecked();
    expect(screen.queryByAltText("car.jpg, original")).not.toBeInTheDocument();
    await user.click(show);
    expect(screen.getByAltText("car.jpg, original")).toBeInTheDocument();
  });

  it("offers no original photo without one", () => {
    open({ original: null });
    expect(
      screen.queryByRole("checkbox", { name: "Show the original photo" }),
    ).not.toBeInTheDocument();
  });

  it("keeps Tab inside the dialog with Restore chosen", async () => {
    const user = userEvent.setup();
    const { canvas } = open({ original: { src: "/in.jpg", placement } });
    await user.click(screen.getByRole("radio", { name: /^Restore/ }));
    paint(canvas, [[300, 200]]);
    expect(screen.getByRole("radio", { name: /^Restore/ })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Apply" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("radio", { name: /^Restore/ })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("checkbox", { name: "Show the original photo" })).toHaveFocus();
  });
});
