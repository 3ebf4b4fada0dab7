"use client";

// The notifications API as the bell uses it: calls, their types (taken from the generated client
// by endpoint) and the React Query hooks and keys.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import type { EventPayload } from "@/lib/api/types";

/** How many of the newest the bell's list shows. */
export const BELL_SIZE = 10;
/** Without the live connection, the bell is re-read this often instead. */
const POLL_MS = 60_000;

const fetchNotifications = () =>
  unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: BELL_SIZE } } }));

export type NotificationPage = Awaited<ReturnType<typeof fetchNotifications>>;
export type Notification = EventPayload<"notification">;
export type NotificationKind = Notification["kind"];

export const notificationKeys = {
  all: ["notifications"] as const,
};

export function useNotifications(live: boolean) {
  return useQuery({
    queryKey: notificationKeys.all,
    queryFn: fetchNotifications,
    refetchInterval: live ? false : POLL_MS,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notificationId: string) =>
      unwrap(
        api.POST("/api/v1/notifications/{notification_id}/read", {
          params: { path: { notification_id: notificationId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
