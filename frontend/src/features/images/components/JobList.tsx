"use client";

import {
  JOB_PAGE_SIZE,
  JOB_STATUSES,
  jobBadge,
  jobBarTone,
  type JobFilters,
  jobSummaryText,
  ProgressBar,
  useJobList,
  useSocketLive,
} from "@/features/jobs";
import { useVisibleUsers } from "@/lib/api/queries";
import type { JobStatus, JobSummary } from "@/lib/api/types";
import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { displayName, formatDateTime } from "@/lib/format";
import {
  Badge,
  Card,
  CardHeader,
  cx,
  FilterBar,
  QueryList,
  SearchFilter,
  SelectFilter,
} from "@/ui";
import { ChevronDownIcon, ImageIcon } from "@/ui/icons";

import { JOB_TYPE_LABELS } from "../settings";
import { JobDetail } from "./JobDetail";

const NO_JOBS = {
  title: "No jobs yet",
  description: "Upload a vehicle's photos above; the job and its progress will appear here.",
};
const NO_MATCHING_JOBS = {
  title: "No jobs match",
  description: "Try another status, vehicle or person.",
};

const STATUS_OPTIONS: { value: JobStatus | ""; label: string }[] = [
  { value: "", label: "All statuses" },
  ...JOB_STATUSES,
];

function JobFilterBar({
  values,
  onChange,
  coach,
}: {
  values: JobFilters;
  onChange: (values: JobFilters) => void;
  /** A manager or admin, who sees other people's jobs too. */
  coach: boolean;
}) {
  const people = useVisibleUsers(coach);
  const personOptions = [
    { value: "", label: "Everyone" },
    ...(people.data?.items ?? []).map((user) => ({ value: user.id, label: displayName(user) })),
  ];
  return (
    <FilterBar>
      <SearchFilter
        id="job-vehicle-filter"
        label="Filter jobs by vehicle"
        placeholder="Filter by VIN or stock number"
        value={values.vehicleRef}
        onValue={(vehicleRef) => onChange({ ...values, vehicleRef })}
        autoComplete="off"
        spellCheck={false}
      />
      <SelectFilter
        id="job-status-filter"
        label="Status"
        value={values.status}
        onValue={(status) => onChange({ ...values, status })}
        options={STATUS_OPTIONS}
      />
      {coach && (
        <SelectFilter
          id="job-person-filter"
          label="Whose jobs"
          value={values.userId}
          onValue={(userId) => onChange({ ...values, userId })}
          options={personOptions}
        />
      )}
    </FilterBar>
  );
}

function JobRow({
  job,
  open,
  onToggle,
  showOwner,
}: {
  job: JobSummary;
  open: boolean;
  onToggle: () => void;
  showOwner: boolean;
}) {
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
          {/* The facts wrap rather than cut: on a phone the date is what ends up cut. */}
          <span className="block text-xs text-zinc-500 dark:text-zinc-400">
            {JOB_TYPE_LABELS[job.jobType]} · {job.totalItems} photo
            {job.totalItems === 1 ? "" : "s"} · {formatDateTime(job.createdAt)}
            {showOwner && job.ownerName && ` · by ${job.ownerName}`}
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
  const coach = hasRole(useUser().role, MANAGERS);
  const filtered = Boolean(filters.status || filters.vehicleRef.trim() || filters.userId);

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
      <JobFilterBar values={filters} onChange={onFiltersChange} coach={coach} />
      <QueryList
        query={query}
        loadingLabel="Loading jobs…"
        emptyIcon={<ImageIcon className="size-5" />}
        empty={filtered ? NO_MATCHING_JOBS : NO_JOBS}
        pagination={{ offset, limit: JOB_PAGE_SIZE, onChange: onOffsetChange, noun: "job" }}
      >
        {(jobs) => (
          <ul aria-label="Jobs">
            {jobs.map((job) => (
              <JobRow
                key={job.id}
                job={job}
                open={openJobId === job.id}
                onToggle={() => onToggle(job.id)}
                showOwner={coach}
              />
            ))}
          </ul>
        )}
      </QueryList>
    </Card>
  );
}
