import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { Job, JobItem } from "@/lib/api/types";
import { mockFetch, problem } from "@/test/fetchMock";
import { makeJob, makeJobItem, makeUser } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { TouchUpActions } from "./TouchUpActions";

const placement = { outputWidth: 800, outputHeight: 600, left: 0, top: 0, width: 800, height: 600 };

function finished(overrides: Partial<JobItem> = {}) {
  return makeJobItem({
    status: "completed",
    position: 0,
    originalName: "front.jpg",
    inputUrl: "/in.jpg",
    outputUrl: "/out.png",
    inputPlacement: placement,
    ...overrides,
  });
}

function show(job: Job, item: JobItem = job.items[0]!) {
  return renderWithProviders(<TouchUpActions job={job} item={item} />, { user: makeUser() });
}

const TOUCH_UP = (job: Job, item: JobItem) => `/api/v1/jobs/${job.id}/items/${item.id}/touch-up`;

describe("TouchUpActions", () => {
  it("offers Touch up on a finished cut-out only while the job is at rest", () => {
    const item = finished();
    show(makeJob({ status: "completed", items: [item] }));
    expect(screen.getByRole("button", { name: "Touch up front.jpg" })).toBeEnabled();
    expect(screen.queryByRole("button", { name: /Undo touch-ups/ })).not.toBeInTheDocument();
  });

  it.each([
    ["a running job", makeJob({ status: "processing", items: [finished()] })],
    [
      "an enhancement job",
      makeJob({ status: "completed", jobType: "image_enhancement", items: [finished()] }),
    ],
    [
      "a failed photo",
      makeJob({ status: "completed", items: [finished({ status: "failed", outputUrl: null })] }),
    ],
    [
      "a photo without its placement",
      makeJob({ status: "completed", items: [finished({ inputPlacement: null })] }),
    ],
  ])("offers nothing on %s", (_what, job) => {
    const { container } = show(job);
    expect(screen.queryByRole("button", { name: /Touch up/ })).not.toBeInTheDocument();
    expect(container.querySelector(".flex-wrap")).toBeNull();
  });

  it("erases what was painted and stores the job queued again", async () => {
    const item = finished();
    const job = makeJob({ status: "completed", items: [item] });
    const queued = { ...job, status: "pending" as const };
    const api = mockFetch([{ method: "POST", path: TOUCH_UP(job, item), reply: { body: queued } }]);
    const { user } = show(job);
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    vi.spyOn(HTMLCanvasElement.prototype, "getBoundingClientRect").mockReturnValue(
      DOMRect.fromRect({ x: 0, y: 0, width: 400, height: 300 }),
    );

    await user.click(screen.getByRole("button", { name: "Touch up front.jpg" }));
    const dialog = screen.getByRole("dialog", { name: "Touch up front.jpg" });
    const canvas = within(dialog).getByRole("img", { name: "Painting area over front.jpg" });
    fireEvent.pointerDown(canvas, { clientX: 10, clientY: 20, pointerId: 1, pointerType: "pen" });
    fireEvent.pointerMove(canvas, { clientX: 60, clientY: 20, pointerId: 1, pointerType: "pen" });
    fireEvent.pointerUp(canvas, { clientX: 60, clientY: 20, pointerId: 1, pointerType: "pen" });
    await user.click(within(dialog).getByRole("button", { name: "Apply" }));

    expect(
      await screen.findByText("The photo is being made again with your touch-ups."),
    ).toBeVisible();
    expect(api.callsTo("POST", TOUCH_UP(job, item))[0]?.body).toEqual({
      strokes: [
        {
          mode: "erase",
          radius: 20,
          points: [
            [20, 40],
            [120, 40],
          ],
        },
      ],
    });
    // The dialog is gone with the button: the job is running again.
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("shows the photo's original, aligned, to restore the car", async () => {
    const item = finished({
      inputPlacement: { ...placement, left: 100, top: 60, width: 600, height: 480 },
    });
    const { user } = show(makeJob({ status: "completed", items: [item] }));
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    await user.click(screen.getByRole("button", { name: "Touch up front.jpg" }));
    await user.click(screen.getByRole("radio", { name: /^Restore/ }));
    expect(screen.getByRole("checkbox", { name: "Show the original photo" })).toBeChecked();
    const original = screen.getByAltText("front.jpg, original");
    expect(original).toHaveAttribute("src", "/in.jpg");
    expect(original).toHaveStyle({ left: "12.5%", top: "10%", width: "75%", height: "80%" });
  });

  it("keeps the dialog open and says why when the server refuses", async () => {
    const item = finished();
    const job = makeJob({ status: "completed", items: [item] });
    mockFetch([
      {
        method: "POST",
        path: TOUCH_UP(job, item),
        reply: problem(409, "conflict", "The job is still running."),
      },
    ]);
    const { user } = show(job);
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    await user.click(screen.getByRole("button", { name: "Touch up front.jpg" }));
    const canvas = screen.getByRole("img", { name: "Painting area over front.jpg" });
    fireEvent.pointerDown(canvas, { clientX: 0, clientY: 0, pointerId: 1, pointerType: "touch" });
    fireEvent.pointerUp(canvas, { clientX: 0, clientY: 0, pointerId: 1, pointerType: "touch" });
    await user.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The job is still running.");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });

  it("closes with Escape and gives the focus back", async () => {
    const item = finished();
    const { user } = show(makeJob({ status: "completed", items: [item] }));
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    const button = screen.getByRole("button", { name: "Touch up front.jpg" });
    await user.click(button);
    expect(screen.getByRole("dialog")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it("undoes a photo's touch-ups after asking", async () => {
    const item = finished({ position: 2 });
    const job = makeJob({
      status: "completed",
      items: [item],
      settings: { format: "png", touchUps: { "2": [{ radius: 5, points: [[1, 1]] }] } },
    });
    const api = mockFetch([
      {
        method: "DELETE",
        path: TOUCH_UP(job, item),
        reply: { body: { ...job, status: "pending" } },
      },
    ]);
    const { user } = show(job);
    await user.click(screen.getByRole("button", { name: "Undo touch-ups of front.jpg" }));
    await user.click(screen.getByRole("button", { name: "Remove all touch-ups" }));
    expect(
      await screen.findByText("The photo's touch-ups are removed; it is being made again."),
    ).toBeVisible();
    expect(api.callsTo("DELETE", TOUCH_UP(job, item))).toHaveLength(1);
  });

  it("offers Undo touch-ups only for a photo that has some, with the job at rest", () => {
    const item = finished({ position: 1, status: "failed", outputUrl: null });
    const settings = { touchUps: { "1": [] } };
    show(makeJob({ status: "completed", items: [item], settings }));
    expect(screen.getByRole("button", { name: "Undo touch-ups of front.jpg" })).toBeVisible();
    expect(screen.queryByRole("button", { name: /Touch up/ })).not.toBeInTheDocument();
  });

  it("hides Undo touch-ups while the job runs and for other photos", () => {
    const item = finished({ position: 1 });
    const settings = { touchUps: { "0": [] } };
    show(makeJob({ status: "completed", items: [item], settings }));
    expect(screen.queryByRole("button", { name: /Undo touch-ups/ })).not.toBeInTheDocument();
  });

  it("hides Undo touch-ups while the job runs", () => {
    const item = finished({ position: 1 });
    const settings = { touchUps: { "1": [] } };
    show(makeJob({ status: "pending", items: [item], settings }));
    expect(screen.queryByRole("button", { name: /Undo touch-ups/ })).not.toBeInTheDocument();
  });
});
