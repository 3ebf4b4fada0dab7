"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { MODULES } from "@/app-shell/modules";
import { type JobFilters, useJobEvents } from "@/features/jobs";
import { queryKeys } from "@/lib/api/queries";
import type { Job } from "@/lib/api/types";
import { PageHeader } from "@/ui";

import { JobList } from "./JobList";
import { UploadPanel } from "./UploadPanel";

const NO_FILTERS: JobFilters = { status: "", vehicleRef: "", userId: "" };

/**
 * The imaging module ("remote execution"): upload a vehicle's photos with the settings for the
 * set, then follow each job live and download the results.
 */
export function ScriptExecutor() {
  useJobEvents();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<JobFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [openJobId, setOpenJobId] = useState<string | null>(null);

  const onCreated = (job: Job) => {
    queryClient.setQueryData(queryKeys.job(job.id), job);
    void queryClient.invalidateQueries({ queryKey: queryKeys.jobLists });
    // Show the new job where it will be: first, with nothing filtered out.
    setFilters(NO_FILTERS);
    setOffset(0);
    setOpenJobId(job.id);
  };

  return (
    <>
      <PageHeader title="Images" description={MODULES.images.description} />
      <div className="space-y-6">
        <UploadPanel onCreated={onCreated} />
        <JobList
          filters={filters}
          onFiltersChange={(next) => {
            setFilters(next);
            setOffset(0);
          }}
          offset={offset}
          onOffsetChange={setOffset}
          openJobId={openJobId}
          onToggle={(jobId) => setOpenJobId((open) => (open === jobId ? null : jobId))}
        />
      </div>
    </>
  );
}
