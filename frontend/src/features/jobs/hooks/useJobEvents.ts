"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { queryKeys } from "@/lib/api/queries";
import type { ItemStatus, Job, JobEvent, JobEventName, JobPage, JobStatus } from "@/lib/api/types";
import { getSocketStatus, onSocketEvent, onSocketStatus } from "@/lib/socket";

import { isRunning } from "../jobStatus";

// Every name and status the generated types know, no more: a change on the server fails here.
const NAMES = {
  "job.progress": true,
  "job.completed": true,
  "job.failed": true,
  "job.canceled": true,
} as const satisfies Record<JobEventName, true>;
const STATUS_NAMES = {
  pending: true,
  processing: true,
  completed: true,
  failed: true,
  canceled: true,
} as const satisfies Record<JobStatus, true>;

export const JOB_EVENTS: ReadonlySet<string> = new Set(Object.keys(NAMES));
const STATUSES: ReadonlySet<string> = new Set(Object.keys(STATUS_NAMES));
/** Several events in a burst (one per photo step) lead to one re-read. */
const REREAD_DELAY_MS = 250;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);
const text = (value: unknown) => (typeof value === "string" ? value : null);

/**
 * The event's payload (the generated `JobEvent`), or null when it is not a job event this page
 * understands: a payload is untrusted until it has the shape this page needs.
 */
export function parseJobEvent(data: unknown): JobEvent | null {
  if (!isRecord(data) || typeof data.jobId !== "string") return null;
  if (typeof data.status !== "string" || !STATUSES.has(data.status)) return null;
  const item = isRecord(data.item) && typeof data.item.id === "string" ? data.item : null;
  return {
    jobId: data.jobId,
    status: data.status as JobStatus,
    progress: num(data.progress),
    totalItems: num(data.totalItems),
    completedItems: num(data.completedItems),
    failedItems: num(data.failedItems),
    error: text(data.error),
    item: item && {
      id: item.id as string,
      position: num(item.position),
      originalName: text(item.originalName) ?? "",
      status: item.status as ItemStatus,
      error: text(item.error),
      outputName: text(item.outputName),
    },
  };
}

/** Events can overtake a fresher REST read: never move a bar back within the same status. */
function isStale(current: { status: JobStatus; progress: number }, event: JobEvent): boolean {
  return current.status === event.status && event.progress < current.progress;
}

function counts(event: JobEvent) {
  return {
    status: event.status,
    progress: event.progress,
    totalItems: event.totalItems,
    completedItems: event.completedItems,
    failedItems: event.failedItems,
    error: event.error,
  };
}

/** Applies the event to every cached list page; true when some page holds the job. */
function patchLists(queryClient: QueryClient, event: JobEvent): boolean {
  let found = false;
  queryClient.setQueriesData<JobPage>({ queryKey: queryKeys.jobLists }, (page) => {
    if (!page?.items.some((job) => job.id === event.jobId)) return page;
    found = true;
    return {
      ...page,
      items: page.items.map((job) =>
        job.id === event.jobId && !isStale(job, event) ? { ...job, ...counts(event) } : job,
      ),
    };
  });
  return found;
}

function patchDetail(queryClient: QueryClient, event: JobEvent) {
  queryClient.setQueryData<Job>(queryKeys.job(event.jobId), (job) => {
    if (!job || isStale(job, event)) return job;
    const item = event.item;
    return {
      ...job,
      ...counts(event),
      items: item
        ? job.items.map((each) =>
            each.id === item.id
              ? { ...each, status: item.status, error: item.error, outputName: item.outputName }
              : each,
          )
        : job.items,
    };
  });
}

/**
 * Keeps the job views live: each Socket.IO job event updates the cached bars at once, then the
 * job is re-read over REST (the row is the truth; events are hints). After a reconnect, every
 * job view is re-read, since events sent while offline are lost.
 */
export function useJobEvents() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const timers = new Map<string, number>();
    const later = (key: string, run: () => void) => {
      if (timers.has(key)) return;
      timers.set(
        key,
        window.setTimeout(() => {
          timers.delete(key);
          run();
        }, REREAD_DELAY_MS),
      );
    };
    const offEvent = onSocketEvent((name, data) => {
      if (!JOB_EVENTS.has(name)) return;
      const event = parseJobEvent(data);
      if (!event) return;
      const listed = patchLists(queryClient, event);
      patchDetail(queryClient, event);
      later(`job:${event.jobId}`, () => {
        void queryClient.invalidateQueries({ queryKey: queryKeys.job(event.jobId) });
      });
      if (!listed || !isRunning(event.status)) {
        later("lists", () => {
          void queryClient.invalidateQueries({ queryKey: queryKeys.jobLists });
        });
      }
    });
    let live = getSocketStatus() === "live";
    const offStatus = onSocketStatus((status) => {
      if (status === "live" && !live) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.jobsAll });
      }
      live = status === "live";
    });
    return () => {
      offEvent();
      offStatus();
      timers.forEach((timer) => window.clearTimeout(timer));
    };
  }, [queryClient]);
}
