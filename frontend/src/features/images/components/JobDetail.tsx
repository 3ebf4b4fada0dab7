"use client";

import { useState } from "react";

import { isRunning, ITEM_STATUS, useJob, useJobActions } from "@/features/jobs";
import type { Job, JobItem } from "@/lib/api/types";
import {
  Alert,
  Badge,
  Button,
  buttonClasses,
  ConfirmButton,
  cx,
  ListError,
  ListLoading,
} from "@/ui";
import { ImageIcon } from "@/ui/icons";

import {
  BACKGROUNDS,
  CUSTOM_IMAGE_BACKGROUND,
  FORMATS,
  formatBytes,
  JOB_TYPE_LABELS,
  PLATE_MASKS,
  QUALITIES,
  SIZES,
} from "../settings";
import { BeforeAfterSlider, CHECKERBOARD } from "./BeforeAfterSlider";
import { TouchUpActions } from "./TouchUpActions";

function label<T extends string>(choices: { value: T; label: string }[], value: unknown) {
  return choices.find((choice) => choice.value === value)?.label;
}

/** One line about what was asked for, from the settings the server stored. */
function settingsText(job: Job): string {
  const s = job.settings;
  const parts: string[] = [JOB_TYPE_LABELS[job.jobType]];
  if (job.jobType !== "image_enhancement") {
    const background = typeof s.background === "string" ? s.background : "";
    parts.push(
      background.startsWith("#")
        ? `${background.toUpperCase()} background`
        : background === CUSTOM_IMAGE_BACKGROUND
          ? "Custom image background"
          : `${label(BACKGROUNDS, background) ?? background} background`,
    );
    const size = label(SIZES, s.size);
    if (size) parts.push(size);
  }
  const format = label(FORMATS, s.format);
  if (format) parts.push(format);
  const quality = label(QUALITIES, s.quality);
  if (quality) parts.push(`${quality.split(" (")[0]!.toLowerCase()} quality`);
  if (job.jobType === "full_pipeline" && s.enhance === true) parts.push("enhanced");
  const plates = label(PLATE_MASKS, s.plates);
  if (plates && s.plates !== "none") parts.push(`plates: ${plates.toLowerCase()}`);
  return parts.join(" · ");
}

function Picture({ src, alt, checkered }: { src: string; alt: string; checkered?: boolean }) {
  const [broken, setBroken] = useState(false);
  return (
    <div
      className="flex aspect-[4/3] items-center justify-center overflow-hidden rounded-lg bg-zinc-100 dark:bg-zinc-800"
      style={checkered && !broken ? CHECKERBOARD : undefined}
    >
      {broken ? (
        <span className="flex flex-col items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
          <ImageIcon className="size-6" />
          No preview in this browser
        </span>
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- signed API links, not assets
        <img
          src={src}
          alt={alt}
          className="size-full object-contain"
          onError={() => setBroken(true)}
        />
      )}
    </div>
  );
}

function ItemCard({ job, item }: { job: Job; item: JobItem }) {
  const status = ITEM_STATUS[item.status];
  let picture: React.ReactNode;
  if (item.status === "completed" && item.inputUrl && item.outputUrl) {
    picture = (
      <BeforeAfterSlider
        before={item.inputUrl}
        after={item.outputUrl}
        name={item.originalName}
        placement={item.inputPlacement}
      />
    );
  } else if (item.outputUrl) {
    picture = <Picture src={item.outputUrl} alt={`${item.originalName}, processed`} checkered />;
  } else if (item.inputUrl) {
    picture = (
      <div className={cx(item.status === "failed" && "opacity-50 grayscale")}>
        <Picture src={item.inputUrl} alt={item.originalName} />
      </div>
    );
  } else {
    picture = (
      <div className="flex aspect-[4/3] items-center justify-center rounded-lg bg-zinc-100 text-zinc-400 dark:bg-zinc-800">
        <ImageIcon className="size-6" />
      </div>
    );
  }
  return (
    <li
      className="space-y-2 rounded-lg border border-zinc-200 p-2.5 dark:border-zinc-800"
      data-testid="job-item"
      data-status={item.status}
    >
      {picture}
      <div className="flex items-start justify-between gap-2 px-0.5">
        <div className="min-w-0">
          <p
            className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100"
            title={item.originalName}
          >
            {item.originalName}
          </p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {item.outputBytes != null
              ? `${item.outputName ?? "Result"} · ${formatBytes(item.outputBytes)}`
              : item.inputBytes > 0
                ? formatBytes(item.inputBytes)
                : "Not stored"}
          </p>
        </div>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      {item.error && <p className="px-0.5 text-xs text-red-600 dark:text-red-400">{item.error}</p>}
      {item.warnings.map((warning) => (
        <p key={warning} role="note" className="px-0.5 text-xs text-amber-700 dark:text-amber-300">
          {warning}
        </p>
      ))}
      {item.outputUrl && (
        <a
          href={item.outputUrl}
          download={item.outputName ?? undefined}
          className={buttonClasses("secondary", "sm", "w-full")}
        >
          Download
        </a>
      )}
      <TouchUpActions job={job} item={item} />
    </li>
  );
}

export function JobDetail({ jobId }: { jobId: string }) {
  const query = useJob(jobId);
  const { cancel, retry, remove } = useJobActions();
  if (query.isPending) return <ListLoading label="Loading the photos…" />;
  if (query.isError)
    return (
      <ListError
        message={query.error.message}
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );

  const job = query.data;
  const running = isRunning(job.status);
  const retryable = job.items.some(
    (item) => (item.status === "failed" || item.status === "skipped") && item.inputUrl,
  );
  const busy = cancel.isPending || retry.isPending || remove.isPending;
  const actions = [
    { text: "Cancel job", action: cancel, shown: running },
    { text: "Retry failed", action: retry, shown: !running && retryable },
  ];
  return (
    <div className="space-y-4" data-testid="job-detail">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{settingsText(job)}</p>
        <div className="flex flex-wrap items-center gap-2">
          {job.archiveUrl && (
            <a
              href={job.archiveUrl}
              download
              className={buttonClasses("primary", "sm")}
              aria-label={`Download all results of ${job.vehicleRef ?? "this job"} as a zip`}
            >
              Download all (.zip)
            </a>
          )}
          {actions.map(
            ({ text, action, shown }) =>
              shown && (
                <Button
                  key={text}
                  variant="secondary"
                  size="sm"
                  loading={action.isPending}
                  disabled={busy}
                  onClick={() => action.mutate(job.id)}
                >
                  {text}
                </Button>
              ),
          )}
          <ConfirmButton
            variant="ghost"
            confirmLabel="Delete job and photos"
            disabled={busy}
            onConfirm={() => remove.mutate(job.id)}
          >
            Delete
          </ConfirmButton>
        </div>
      </div>
      {job.status === "failed" && job.error && (
        <Alert tone="error" title="The job failed">
          {job.error}
        </Alert>
      )}
      {job.status === "canceled" && (
        <Alert tone="info">
          This job was canceled. Photos already finished are kept; the others were skipped.
        </Alert>
      )}
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Photos of this job">
        {job.items.map((item) => (
          <ItemCard key={item.id} job={job} item={item} />
        ))}
      </ul>
    </div>
  );
}
