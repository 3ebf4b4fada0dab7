import type { ItemStatus, JobStatus, JobSummary } from "@/lib/api/types";

type Tone = "neutral" | "brand" | "success" | "warning" | "danger";

export const JOB_STATUSES: { value: JobStatus; label: string }[] = [
  { value: "pending", label: "Queued" },
  { value: "processing", label: "Processing" },
  { value: "completed", label: "Completed" },
  { value: "failed", label: "Failed" },
  { value: "canceled", label: "Canceled" },
];

export function isRunning(status: JobStatus): boolean {
  return status === "pending" || status === "processing";
}

type Counts = Pick<
  JobSummary,
  "status" | "progress" | "totalItems" | "completedItems" | "failedItems" | "error"
>;

/** The badge for a job: a finished job with failed photos is not simply "completed". */
export function jobBadge(job: Counts): { label: string; tone: Tone } {
  switch (job.status) {
    case "pending":
      return { label: "Queued", tone: "neutral" };
    case "processing":
      return { label: "Processing", tone: "brand" };
    case "completed":
      return job.failedItems > 0
        ? { label: "Completed with failures", tone: "warning" }
        : { label: "Completed", tone: "success" };
    case "failed":
      return { label: "Failed", tone: "danger" };
    case "canceled":
      return { label: "Canceled", tone: "neutral" };
  }
}

function photos(count: number): string {
  return `${count} photo${count === 1 ? "" : "s"}`;
}

/** One honest line about where a job is. */
export function jobSummaryText(job: Counts): string {
  const done = job.completedItems + job.failedItems;
  switch (job.status) {
    case "pending":
      return `Queued · waiting for a worker to start ${photos(job.totalItems)}`;
    case "processing":
      return `Processing · ${done} of ${job.totalItems} finished`;
    case "completed":
      return job.failedItems > 0
        ? `${job.completedItems} of ${job.totalItems} done · ${job.failedItems} failed`
        : `${photos(job.completedItems)} done`;
    case "failed":
      return job.error ? `Failed: ${job.error}` : "Failed";
    case "canceled":
      return `Canceled · ${job.completedItems} of ${job.totalItems} done`;
  }
}

export function jobBarTone(job: Counts): "brand" | "success" | "warning" | "danger" | "neutral" {
  const { tone } = jobBadge(job);
  return tone;
}

export const ITEM_STATUS: Record<ItemStatus, { label: string; tone: Tone }> = {
  pending: { label: "Waiting", tone: "neutral" },
  processing: { label: "Processing", tone: "brand" },
  prepared: { label: "Finishing", tone: "brand" },
  completed: { label: "Done", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  skipped: { label: "Skipped", tone: "neutral" },
};
