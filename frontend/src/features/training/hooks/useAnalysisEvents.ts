"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { JOB_EVENTS, parseJobEvent } from "@/features/jobs";
import { getSocketStatus, onSocketEvent, onSocketStatus } from "@/lib/socket";

import { trainingKeys, type Session } from "../api";

/**
 * Moves a report's analysis bar on the job's real-time events (`job.progress`, `job.completed`,
 * `job.failed`: matched by the session's `analysis.jobId`), and re-reads the session when the job
 * ends or the connection comes back: the row is the truth, events are hints.
 */
export function useAnalysisEvents(sessionId: string, jobId: string | null) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!jobId) return;
    const key = trainingKeys.session(sessionId);
    const offEvent = onSocketEvent((name, data) => {
      if (!JOB_EVENTS.has(name)) return;
      const event = parseJobEvent(data);
      if (!event || event.jobId !== jobId) return;
      queryClient.setQueryData<Session>(key, (session) => {
        const analysis = session?.analysis;
        if (!session || !analysis) return session;
        // Events can overtake a fresher read: never move the bar back.
        if (analysis.status === event.status && event.progress < analysis.progress) return session;
        return {
          ...session,
          analysis: {
            ...analysis,
            status: event.status,
            progress: event.progress,
            error: event.error,
          },
        };
      });
      if (event.status !== "pending" && event.status !== "processing") {
        void queryClient.invalidateQueries({ queryKey: key });
        void queryClient.invalidateQueries({ queryKey: trainingKeys.sessionLists });
      }
    });
    let live = getSocketStatus() === "live";
    const offStatus = onSocketStatus((status) => {
      if (status === "live" && !live) void queryClient.invalidateQueries({ queryKey: key });
      live = status === "live";
    });
    return () => {
      offEvent();
      offStatus();
    };
  }, [queryClient, sessionId, jobId]);
}
