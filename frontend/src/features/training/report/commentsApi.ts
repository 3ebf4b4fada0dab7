"use client";

// A session's comments: a coach's remarks pinned to moments of the recording.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { useToast } from "@/ui/Toaster";

import { trainingKeys } from "../api";

const path = (sessionId: string) => ({ params: { path: { session_id: sessionId } } });

/** A coach leaves a handful per session: one page of the most the API gives holds them all. */
const fetchComments = (sessionId: string) =>
  unwrap(
    api.GET("/api/v1/sessions/{session_id}/comments", {
      params: { path: { session_id: sessionId }, query: { limit: 100 } },
    }),
  );

export type SessionComment = Awaited<ReturnType<typeof fetchComments>>["items"][number];

/** Longest comment the server takes. */
export const COMMENT_MAX = 2000;

const commentsKey = (sessionId: string) => [...trainingKeys.session(sessionId), "comments"];

/** The comments, in the order of the recording (as the API lists them). */
export function useComments(sessionId: string) {
  return useQuery({
    queryKey: commentsKey(sessionId),
    queryFn: () => fetchComments(sessionId),
    select: (page) => page.items,
  });
}

export function useAddComment(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { atS: number; body: string }) =>
      unwrap(api.POST("/api/v1/sessions/{session_id}/comments", { ...path(sessionId), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(sessionId) }),
  });
}

export function useDeleteComment(sessionId: string) {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: (commentId: string) =>
      unwrap(
        api.DELETE("/api/v1/sessions/{session_id}/comments/{comment_id}", {
          params: { path: { session_id: sessionId, comment_id: commentId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(sessionId) }),
    onError: (error: Error) => notify(error.message, "error"),
  });
}
