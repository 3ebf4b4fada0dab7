"use client";

// The training API as the pages use it: calls, their types (taken from the generated client by
// endpoint) and the React Query hooks and keys.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useToast } from "@/ui/Toaster";
import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import type { Body } from "@/lib/api/types";

import type { SessionType } from "./labels";

const path = (sessionId: string) => ({ params: { path: { session_id: sessionId } } });

const fetchSession = (sessionId: string) =>
  unwrap(api.GET("/api/v1/sessions/{session_id}", path(sessionId)));
const fetchSessions = (query: SessionQuery) =>
  unwrap(api.GET("/api/v1/sessions", { params: { query } }));
const fetchScenarios = () => unwrap(api.GET("/api/v1/training/scenarios"));
const fetchAssignments = (query: { userId?: string; completed?: boolean; limit?: number }) =>
  unwrap(api.GET("/api/v1/training/assignments", { params: { query } }));

export type Session = Awaited<ReturnType<typeof fetchSession>>;
export type SessionPage = Awaited<ReturnType<typeof fetchSessions>>;
export type SessionSummary = SessionPage["items"][number];
export type Scenario = Awaited<ReturnType<typeof fetchScenarios>>[number];
export type Assignment = Awaited<ReturnType<typeof fetchAssignments>>["items"][number];
export type SessionStatus = Session["status"];
export type ReportWord = Session["words"][number];
export type Measures = NonNullable<Session["measures"]>;

export interface SessionQuery {
  userId?: string;
  status?: SessionStatus;
  sessionType?: SessionType;
  offset?: number;
  limit?: number;
}

/** Without the live connection's events, running analyses are polled this often. */
const POLL_MS = 5_000;

export const trainingKeys = {
  all: ["training"] as const,
  scenarios: ["training", "scenarios"] as const,
  assignmentLists: ["training", "assignments"] as const,
  assignments: (params: object) => ["training", "assignments", params] as const,
  sessionLists: ["training", "sessions"] as const,
  sessions: (params: object) => ["training", "sessions", params] as const,
  session: (id: string) => ["training", "session", id] as const,
};

export function useScenarios() {
  return useQuery({
    queryKey: trainingKeys.scenarios,
    queryFn: fetchScenarios,
    staleTime: 5 * 60_000,
  });
}

/** `userId`'s assignments still to do (open or overdue), soonest due first. */
export function useAssignments(userId: string, enabled = true) {
  const params = { userId, completed: false, limit: 20 };
  return useQuery({
    queryKey: trainingKeys.assignments(params),
    queryFn: () => fetchAssignments(params),
    enabled,
  });
}

export function useSessions(
  query: SessionQuery,
  { poll }: { poll?: (page: SessionPage) => boolean } = {},
) {
  return useQuery({
    queryKey: trainingKeys.sessions(query),
    queryFn: () => fetchSessions(query),
    placeholderData: keepPreviousData,
    refetchInterval: (current) =>
      poll && current.state.data && poll(current.state.data) ? POLL_MS : false,
  });
}

export function useSession(
  sessionId: string | null,
  { poll }: { poll?: (session: Session) => boolean } = {},
) {
  return useQuery({
    queryKey: trainingKeys.session(sessionId ?? ""),
    queryFn: () => fetchSession(sessionId!),
    enabled: Boolean(sessionId),
    refetchInterval: (current) =>
      poll && current.state.data && poll(current.state.data) ? POLL_MS : false,
  });
}

/** Whether a session's analysis is still to finish. */
export function analysing(session: Pick<Session, "analysis">): boolean {
  const status = session.analysis?.status;
  return status === "pending" || status === "processing";
}

export const sessionCalls = {
  create: (body: Body<"/api/v1/sessions", "post">) =>
    unwrap(api.POST("/api/v1/sessions", { body })),
  pause: (id: string) => unwrap(api.POST("/api/v1/sessions/{session_id}/pause", path(id))),
  resume: (id: string) => unwrap(api.POST("/api/v1/sessions/{session_id}/resume", path(id))),
  complete: (id: string) => unwrap(api.POST("/api/v1/sessions/{session_id}/complete", path(id))),
  remove: (id: string) => unwrap(api.DELETE("/api/v1/sessions/{session_id}", path(id))),
};

export function useDeleteSession(onDone?: () => void) {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: sessionCalls.remove,
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: trainingKeys.session(id) });
      void queryClient.invalidateQueries({ queryKey: trainingKeys.sessionLists });
      notify("The session and its recording are deleted.");
      onDone?.();
    },
    onError: (error: Error) => notify(error.message, "error"),
  });
}

/** The session's recording as an object URL (the audio needs the auth header); revoke it. */
export async function fetchRecording(sessionId: string): Promise<string> {
  const { data, response } = await api.GET("/api/v1/sessions/{session_id}/audio", {
    ...path(sessionId),
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new Error("The recording could not be loaded.");
  return URL.createObjectURL(data as Blob);
}

/**
 * A customer line spoken by the server, as an object URL; null when the server has no voice
 * (503), so the browser's own speech synthesis must do.
 */
export async function fetchLineAudio(scenarioId: string, index: number): Promise<string | null> {
  const { data, response } = await api.GET(
    "/api/v1/training/scenarios/{scenario_id}/lines/{index}/audio",
    { params: { path: { scenario_id: scenarioId, index } }, parseAs: "blob" },
  );
  if (response.status === 503) return null;
  if (!response.ok || !data) throw new Error("The customer's line could not be loaded.");
  return URL.createObjectURL(data as Blob);
}

/** A role-play customer's line, spoken by the server, as an object URL. */
export async function fetchTurnAudio(sessionId: string, index: number): Promise<string> {
  const { data, response } = await api.GET("/api/v1/sessions/{session_id}/turns/{index}/audio", {
    params: { path: { session_id: sessionId, index } },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new Error("The customer's line could not be loaded.");
  return URL.createObjectURL(data as Blob);
}
