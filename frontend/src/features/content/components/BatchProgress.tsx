"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { isRunning, jobBadge, ProgressBar, useJob, useJobEvents } from "@/features/jobs";
import { errorMessage } from "@/lib/api/call";
import { plural } from "@/lib/format";
import { Alert, Badge, Button, ListLoading } from "@/ui";
import { useToast } from "@/ui/Toaster";

import { contentKeys, downloadBatchCsv } from "../api";
import { ContentList } from "./ContentList";

function summary(job: {
  status: string;
  totalItems: number;
  completedItems: number;
  failedItems: number;
  error: string | null;
}) {
  const done = job.completedItems + job.failedItems;
  const vehicles = plural(job.totalItems, "vehicle");
  const written = `${plural(job.completedItems, "draft")} written`;
  if (job.status === "pending") return `Queued · ${vehicles} to write for`;
  if (job.status === "processing") return `Writing · ${done} of ${vehicles} done`;
  if (job.status === "failed") return job.error ? `Failed: ${job.error}` : "Failed";
  if (job.status === "canceled") return `Canceled · ${written}`;
  return job.failedItems > 0 ? `${written} · ${job.failedItems} failed` : written;
}

/**
 * A batch of copy (one channel, many vehicles) runs as a processing job: its bar follows the
 * same live job events as photo jobs, and its drafts are listed as they are written.
 */
export function BatchProgress({ jobId }: { jobId: string }) {
  useJobEvents();
  const notify = useToast();
  const queryClient = useQueryClient();
  const query = useJob(jobId);
  const finished = query.data ? !isRunning(query.data.status) : false;
  // The drafts exist once the job ends: every content list and the counts are stale then.
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: contentKeys.lists });
    void queryClient.invalidateQueries({ queryKey: contentKeys.stats });
  }, [finished, queryClient]);
  if (query.isPending) return <ListLoading label="Starting the batch…" />;
  if (query.isError) return <Alert tone="error">{query.error.message}</Alert>;
  const job = query.data;
  const badge = jobBadge(job);
  return (
    <div className="space-y-4" data-testid="batch-progress" data-status={job.status}>
      <div className="flex items-center gap-3">
        <ProgressBar
          value={job.progress}
          tone={badge.tone}
          label="Batch progress"
          className="flex-1"
        />
        <span className="w-10 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {job.progress} %
        </span>
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="batch-summary">
        {summary(job)}
      </p>
      {!isRunning(job.status) && job.completedItems > 0 && (
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            downloadBatchCsv(jobId).catch((error: unknown) => notify(errorMessage(error), "error"))
          }
        >
          Download CSV
        </Button>
      )}
      {!isRunning(job.status) && (
        <ContentList
          key={job.status}
          title="Drafts from this batch"
          base={{ batchJobId: jobId }}
          emptyText="No drafts were written."
        />
      )}
    </div>
  );
}
