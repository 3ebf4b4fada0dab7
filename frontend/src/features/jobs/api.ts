"use client";

import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import type { Body, Job, JobPage, JobStatus } from "@/lib/api/types";
import { useUser } from "@/lib/auth/AuthProvider";
import { useDebounced } from "@/lib/useDebounced";
import { useToast } from "@/ui/Toaster";

import { useSocketLive } from "./hooks/useSocketLive";
import { isRunning } from "./jobStatus";
import { keepFreshLinks } from "./links";

export const JOB_PAGE_SIZE = 10;
/** Without the live connection, running jobs are polled this often instead. */
const POLL_MS = 5_000;
/** Download links last 15 minutes; look for fresh ones well before (see links.ts). */
const LINK_REFRESH_MS = 5 * 60_000;

export interface JobFilters {
  status: JobStatus | "";
  vehicleRef: string;
  /** Only this person's jobs; "" for everyone the caller may see. */
  userId: string;
}

/**
 * Whether a running job needs polling: events go to the job owner's room only, so a manager
 * watching a team member's job, or anyone without the live connection, polls instead.
 */
function needsPolling(job: { status: JobStatus; ownerId: string }, live: boolean, me: string) {
  return isRunning(job.status) && (!live || job.ownerId !== me);
}

export function useJobList(filters: JobFilters, offset: number) {
  const live = useSocketLive();
  const me = useUser().id;
  const vehicleRef = useDebounced(filters.vehicleRef.trim().toUpperCase());
  const params = {
    offset,
    limit: JOB_PAGE_SIZE,
    ...(filters.status ? { status: filters.status } : {}),
    ...(vehicleRef ? { vehicle_ref: vehicleRef } : {}),
    ...(filters.userId ? { userId: filters.userId } : {}),
  };
  return useQuery({
    queryKey: queryKeys.jobs(params),
    queryFn: () => unwrap(api.GET("/api/v1/jobs", { params: { query: params } })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((job) => needsPolling(job, live, me)) ? POLL_MS : false,
  });
}

export function useJob(jobId: string) {
  const live = useSocketLive();
  const me = useUser().id;
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.job(jobId),
    queryFn: async () => {
      const job = await unwrap(
        api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId } } }),
      );
      return keepFreshLinks(queryClient.getQueryData<Job>(queryKeys.job(jobId)), job);
    },
    staleTime: 0,
    refetchInterval: (query) => {
      const job = query.state.data;
      return job && needsPolling(job, live, me) ? POLL_MS : LINK_REFRESH_MS;
    },
  });
}

/** Puts a job just read or changed into the caches, so every view shows the same state. */
export function storeJob(queryClient: QueryClient, job: Job) {
  queryClient.setQueryData<Job>(queryKeys.job(job.id), (previous) => keepFreshLinks(previous, job));
  queryClient.setQueriesData<JobPage>(
    { queryKey: queryKeys.jobLists },
    (page) =>
      page && {
        ...page,
        items: page.items.map((each) =>
          each.id === job.id
            ? {
                ...each,
                status: job.status,
                progress: job.progress,
                totalItems: job.totalItems,
                completedItems: job.completedItems,
                failedItems: job.failedItems,
                error: job.error,
                completedAt: job.completedAt,
              }
            : each,
        ),
      },
  );
}

const TOUCH_UP = "/api/v1/jobs/{job_id}/items/{item_id}/touch-up" as const;

/** What to erase from one photo's cut-out: strokes in the result image's natural pixels. */
type TouchUpRequest = Body<typeof TOUCH_UP, "post">;

export function useJobActions() {
  const queryClient = useQueryClient();
  const notify = useToast();
  const onError = (error: Error) => notify(error.message, "error");
  const path = (jobId: string) => ({ params: { path: { job_id: jobId } } });
  const cancel = useMutation({
    mutationFn: (jobId: string) => unwrap(api.POST("/api/v1/jobs/{job_id}/cancel", path(jobId))),
    onSuccess: (job) => {
      storeJob(queryClient, job);
      notify("The job is canceled; photos already finished are kept.");
    },
    onError,
  });
  const retry = useMutation({
    mutationFn: (jobId: string) => unwrap(api.POST("/api/v1/jobs/{job_id}/retry", path(jobId))),
    onSuccess: (job) => {
      storeJob(queryClient, job);
      void queryClient.invalidateQueries({ queryKey: queryKeys.jobLists });
      notify("The failed photos are queued again.");
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (jobId: string) => unwrap(api.DELETE("/api/v1/jobs/{job_id}", path(jobId))),
    onSuccess: (_data, jobId) => {
      queryClient.removeQueries({ queryKey: queryKeys.job(jobId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.jobLists });
      notify("The job and its photos are deleted.");
    },
    onError,
  });
  const item = (jobId: string, itemId: string) => ({
    params: { path: { job_id: jobId, item_id: itemId } },
  });
  /** The job is queued again: that photo is cut out again without what was erased. */
  const touchUp = useMutation({
    mutationFn: ({
      jobId,
      itemId,
      body,
    }: {
      jobId: string;
      itemId: string;
      body: TouchUpRequest;
    }) => unwrap(api.POST(TOUCH_UP, { ...item(jobId, itemId), body })),
    onSuccess: (job) => {
      storeJob(queryClient, job);
      void queryClient.invalidateQueries({ queryKey: queryKeys.jobLists });
      notify("The photo is being made again with your touch-ups.");
    },
    onError,
  });
  const undoTouchUp = useMutation({
    mutationFn: ({ jobId, itemId }: { jobId: string; itemId: string }) =>
      unwrap(api.DELETE(TOUCH_UP, item(jobId, itemId))),
    onSuccess: (job) => {
      storeJob(queryClient, job);
      void queryClient.invalidateQueries({ queryKey: queryKeys.jobLists });
      notify("The photo's touch-ups are removed; it is being made again.");
    },
    onError,
  });
  return { cancel, retry, remove, touchUp, undoTouchUp };
}
