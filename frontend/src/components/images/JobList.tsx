"use client";

import { ListError, ListLoading } from "@/components/admin/ListStates";
import { ChevronDownIcon, ImageIcon, SearchIcon } from "@/components/icons";
import {
  Badge,
  Card,
  CardHeader,
  CONTROL_CLASSES,
  cx,
  EmptyState,
  Pagination,
} from "@/components/ui";
import type { JobStatus, JobSummary } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";

import { JobDetail } from "./JobDetail";
import { jobBadge, jobBarTone, jobSummaryText, JOB_STATUSES } from "./jobStatus";
import { ProgressBar } from "./ProgressBar";
import { JOB_TYPE_LABELS } from "./settings";
import { JOB_PAGE_SIZE, useJobList, useSocketLive, type JobFilters } from "./useJobs";

function JobFilterBar({
  values,
  onChange,
}: {
  values: JobFilters;
  onChange: (values: JobFilters) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
      <div className="relative min-w-56 flex-1">
        <label htmlFor="job-vehicle-filter" className="sr-only">
          Filter jobs by vehicle
        </label>
        <SearchIcon className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" />
        <input
          id="job-vehicle-filter"
          type="search"
          placeholder="Filter by VIN or stock number"
          value={values.vehicleRef}
          onChange={(event) => onChange({ ...values, vehicleRef: event.target.value })}
          className={cx(CONTROL_CLASSES, "h-9 w-full pl-9")}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <label htmlFor="job-status-filter" className="sr-only">
        Status
      </label>
      <select
        id="job-status-filter"
        value={values.status}
        onChange={(event) => onChange({ ...values, status: event.target.value as JobStatus | "" })}
        className={cx(CONTROL_CLASSES, "h-9 pr-8")}
      >
        <option value="">All statuses</option>
        {JOB_STATUSES.map((status) => (
          <option key={status.value} value={status.value}>
            {status.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function JobRow({ job, open, onToggle }: { job: JobSummary; open: boolean; onToggle: () => void }) {
  const badge = jobBadge(job);
  const title = job.vehicleRef ?? "No vehicle reference";
  const panelId = `job-${job.id}-detail`;
  return (
    <li
      className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-800/70"
      data-testid="job-row"
      data-job-id={job.id}
      data-status={job.status}
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={onToggle}
        className="grid w-full grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-2 px-5 py-3.5 text-left transition-colors hover:bg-zinc-50/80 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800/30"
      >
        <span className="min-w-0">
          <span
            className={cx(
              "block truncate text-sm font-medium",
              job.vehicleRef
                ? "font-mono text-zinc-900 dark:text-zinc-100"
                : "text-zinc-600 dark:text-zinc-400",
            )}
          >
            {title}
          </span>
          <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
            {JOB_TYPE_LABELS[job.jobType]} · {job.totalItems} photo
            {job.totalItems === 1 ? "" : "s"} · {formatDateTime(job.createdAt)}
          </span>
        </span>
        <span className="flex items-center gap-3">
          <Badge tone={badge.tone}>{badge.label}</Badge>
          <ChevronDownIcon
            className={cx("size-4 text-zinc-400 transition-transform", open && "rotate-180")}
          />
        </span>
        <span className="col-span-2 flex items-center gap-3">
          <ProgressBar
            value={job.progress}
            tone={jobBarTone(job)}
            label={`Progress of ${title}`}
            className="flex-1"
          />
          <span className="w-10 shrink-0 text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
            {job.progress} %
          </span>
        </span>
        <span
          className={cx(
            "col-span-2 text-xs",
            job.status === "failed"
              ? "text-red-600 dark:text-red-400"
              : "text-zinc-600 dark:text-zinc-400",
          )}
          data-testid="job-summary"
        >
          {jobSummaryText(job)}
        </span>
      </button>
      {open && (
        <div
          id={panelId}
          className="border-t border-zinc-100 bg-zinc-50/50 px-5 py-4 dark:border-zinc-800/70 dark:bg-zinc-900/40"
        >
          <JobDetail jobId={job.id} />
        </div>
      )}
    </li>
  );
}

export function JobList({
  filters,
  onFiltersChange,
  offset,
  onOffsetChange,
  openJobId,
  onToggle,
}: {
  filters: JobFilters;
  onFiltersChange: (filters: JobFilters) => void;
  offset: number;
  onOffsetChange: (offset: number) => void;
  openJobId: string | null;
  onToggle: (jobId: string) => void;
}) {
  const query = useJobList(filters, offset);
  const live = useSocketLive();
  const filtered = Boolean(filters.status || filters.vehicleRef.trim());

  let body: React.ReactNode;
  if (query.isPending) body = <ListLoading label="Loading jobs…" />;
  else if (query.isError)
    body = <ListError message={query.error.message} onRetry={() => void query.refetch()} />;
  else if (query.data.items.length === 0)
    body = (
      <div className="p-5">
        <EmptyState
          icon={<ImageIcon className="size-5" />}
          title={filtered ? "No jobs match" : "No jobs yet"}
        >
          {filtered
            ? "Try another status or vehicle."
            : "Upload a vehicle's photos above; the job and its progress will appear here."}
        </EmptyState>
      </div>
    );
  else
    body = (
      <ul aria-label="Jobs">
        {query.data.items.map((job) => (
          <JobRow
            key={job.id}
            job={job}
            open={openJobId === job.id}
            onToggle={() => onToggle(job.id)}
          />
        ))}
      </ul>
    );

  return (
    <Card aria-labelledby="jobs-title">
      <CardHeader
        titleId="jobs-title"
        title="Jobs"
        description={
          live
            ? "Newest first. Progress updates live."
            : "Newest first. Live updates are reconnecting; running jobs are checked every few seconds."
        }
      />
      <JobFilterBar values={filters} onChange={onFiltersChange} />
      {body}
      {query.data && query.data.total > 0 && (
        <Pagination
          offset={offset}
          limit={JOB_PAGE_SIZE}
          total={query.data.total}
          onChange={onOffsetChange}
          label="jobs"
        />
      )}
    </Card>
  );
}
