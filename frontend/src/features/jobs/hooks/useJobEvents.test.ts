import { describe, expect, it } from "vitest";

import type { JobEvent } from "@/lib/api/types";

import { JOB_EVENTS, parseJobEvent } from "./useJobEvents";

// Typed as the generated payload: a member added on the server must be added here, and then
// reach the page through the parser.
const progress: JobEvent = {
  jobId: "j".repeat(32),
  status: "processing",
  progress: 40,
  totalItems: 2,
  completedItems: 0,
  failedItems: 1,
  error: null,
  item: {
    id: "i".repeat(32),
    position: 1,
    originalName: "rear.jpg",
    status: "failed",
    error: "Not a photo.",
    outputName: null,
  },
};

describe("parseJobEvent", () => {
  it("keeps every member of the server's payload", () => {
    expect(parseJobEvent(progress)).toEqual(progress);
    const finished = { ...progress, status: "completed", progress: 100, item: null };
    expect(parseJobEvent(finished)).toEqual(finished);
  });

  it("refuses what is not a job event", () => {
    expect(parseJobEvent({ ...progress, status: "lost" })).toBeNull();
    expect(parseJobEvent({ ...progress, jobId: 7 })).toBeNull();
    expect(parseJobEvent("job.progress")).toBeNull();
  });

  it("listens to every job event the server documents", () => {
    expect([...JOB_EVENTS].sort()).toEqual([
      "job.canceled",
      "job.completed",
      "job.failed",
      "job.progress",
    ]);
  });
});
