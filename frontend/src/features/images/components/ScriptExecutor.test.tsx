import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { Job } from "@/lib/api/types";
import { mockFetch } from "@/test/fetchMock";
import { makeJob, makeJobItem, makeUser, summaryOf } from "@/test/fixtures";
import { renderWithProviders } from "@/test/render";

import { ScriptExecutor } from "./ScriptExecutor";

// A stand-in for the Socket.IO connection: the test sends the server's events itself.
const socket = vi.hoisted(() => ({
  listeners: new Set<(event: string, data: unknown) => void>(),
}));
vi.mock("@/lib/socket", () => ({
  connectSocket: vi.fn(),
  disconnectSocket: vi.fn(),
  getSocket: () => null,
  getSocketStatus: () => "live",
  onSocketStatus: () => () => {},
  onSocketEvent: (listener: (event: string, data: unknown) => void) => {
    socket.listeners.add(listener);
    return () => socket.listeners.delete(listener);
  },
}));

/** Sends an event as the server would, then lets React Query tell its observers. */
async function send(event: string, data: unknown) {
  await act(async () => {
    socket.listeners.forEach((listener) => listener(event, data));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

function serverSends(event: string, job: Job, item: Job["items"][number] | null = null) {
  const data = {
    jobId: job.id,
    status: job.status,
    progress: job.progress,
    totalItems: job.totalItems,
    completedItems: job.completedItems,
    failedItems: job.failedItems,
    error: job.error,
    item: item && {
      id: item.id,
      position: item.position,
      originalName: item.originalName,
      status: item.status,
      error: item.error,
      outputName: item.outputName,
    },
  };
  return send(event, data);
}

const LIST = "/api/v1/jobs";

describe("ScriptExecutor", () => {
  it("says so when there are no jobs yet", async () => {
    mockFetch([
      { method: "GET", path: LIST, reply: { body: { items: [], total: 0, offset: 0, limit: 10 } } },
    ]);
    renderWithProviders(<ScriptExecutor />, { user: makeUser() });
    expect(await screen.findByText("No jobs yet")).toBeInTheDocument();
  });

  it("moves a job's bar live on socket events, then re-reads the job over REST", async () => {
    const items = [0, 1, 2].map((position) =>
      makeJobItem({ position, originalName: `car-${position + 1}.jpg`, status: "pending" }),
    );
    const me = makeUser();
    let job = makeJob({
      vehicleRef: "STK-1",
      ownerId: me.id,
      status: "processing",
      progress: 20,
      items,
    });
    const net = mockFetch([
      {
        method: "GET",
        path: LIST,
        reply: () => ({ body: { items: [summaryOf(job)], total: 1, offset: 0, limit: 10 } }),
      },
      { method: "GET", path: `${LIST}/${job.id}`, reply: () => ({ body: job }) },
    ]);
    const { user } = renderWithProviders(<ScriptExecutor />, { user: me });
    const bar = await screen.findByRole("progressbar", { name: "Progress of STK-1" });
    expect(bar).toHaveAttribute("aria-valuenow", "20");
    await user.click(screen.getByRole("button", { name: /STK-1/ }));
    const detail = await screen.findByTestId("job-detail");
    expect(net.callsTo("GET", `${LIST}/${job.id}`)).toHaveLength(1);

    // The first photo fails: the event alone moves the bar and the photo's badge at once...
    const failed = {
      ...items[0]!,
      status: "failed" as const,
      error: "Too dark to find a car.",
      inputUrl: "/api/v1/downloads/in-0",
    };
    job = { ...job, progress: 60, failedItems: 1, items: [failed, items[1]!, items[2]!] };
    await serverSends("job.progress", job, failed);
    expect(bar).toHaveAttribute("aria-valuenow", "60");
    expect(screen.getByTestId("job-summary")).toHaveTextContent("Processing · 1 of 3 finished");
    const first = within(detail).getAllByTestId("job-item")[0]!;
    expect(first).toHaveAttribute("data-status", "failed");
    expect(first).toHaveTextContent("Too dark to find a car.");
    expect(net.callsTo("GET", LIST)).toHaveLength(1);
    // ...then the job is read again, the row being the truth.
    await waitFor(() => expect(net.callsTo("GET", `${LIST}/${job.id}`)).toHaveLength(2));

    // Finished: the list is read again too.
    const done = (item: (typeof items)[number]) => ({
      ...item,
      status: "completed" as const,
      outputName: item.originalName.replace(".jpg", ".png"),
      outputBytes: 5000,
      inputUrl: `/api/v1/downloads/in-${item.position}`,
      outputUrl: `/api/v1/downloads/out-${item.position}`,
    });
    job = {
      ...job,
      status: "completed",
      progress: 100,
      completedItems: 2,
      items: [failed, done(items[1]!), done(items[2]!)],
      archiveUrl: "/api/v1/downloads/zip",
    };
    await serverSends("job.completed", job);
    expect(bar).toHaveAttribute("aria-valuenow", "100");
    await waitFor(() => expect(net.callsTo("GET", LIST)).toHaveLength(2));
    expect(screen.getByTestId("job-summary")).toHaveTextContent("2 of 3 done · 1 failed");
    expect(screen.getByText("Completed with failures")).toBeInTheDocument();
    expect(
      await within(detail).findByRole("link", { name: /Download all results/ }),
    ).toHaveAttribute("href", "/api/v1/downloads/zip");
    expect(within(detail).getAllByRole("slider")).toHaveLength(2);
    expect(within(detail).getByRole("button", { name: "Retry failed" })).toBeInTheDocument();
  });

  it("ignores events for other things and stale events", async () => {
    const me = makeUser();
    const job = makeJob({
      vehicleRef: "STK-2",
      ownerId: me.id,
      status: "processing",
      progress: 50,
    });
    const net = mockFetch([
      {
        method: "GET",
        path: LIST,
        reply: () => ({ body: { items: [summaryOf(job)], total: 1, offset: 0, limit: 10 } }),
      },
    ]);
    renderWithProviders(<ScriptExecutor />, { user: me });
    const bar = await screen.findByRole("progressbar", { name: "Progress of STK-2" });
    await send("training.feedback", { jobId: job.id, status: "completed", progress: 100 });
    await send("job.progress", { jobId: 3, status: "completed" });
    await send("job.progress", { jobId: job.id, status: "exploded", progress: 100 });
    // An event that a fresher read has overtaken does not move the bar back.
    await serverSends("job.progress", { ...job, progress: 40 });
    expect(bar).toHaveAttribute("aria-valuenow", "50");
    expect(net.callsTo("GET", LIST)).toHaveLength(1);
  });
});
