"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { onSocketEvent, onSocketReconnect } from "@/lib/socket";

import {
  BELL_SIZE,
  notificationKeys,
  type Notification,
  type NotificationKind,
  type NotificationPage,
} from "../api";

export const NOTIFICATION_EVENT = "notification";
// Every kind the generated types know, no more: a kind added on the server fails here.
const KIND_NAMES = {
  assignment_new: true,
  assignment_due: true,
  session_comment: true,
  content_review: true,
  job_finished: true,
  job_failed: true,
} as const satisfies Record<NotificationKind, true>;
const KINDS: ReadonlySet<string> = new Set(Object.keys(KIND_NAMES));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const orNull = (value: unknown) => (typeof value === "string" ? value : null);

/** The event's payload, or null when it is not a notification this page understands. */
export function parseNotification(data: unknown): Notification | null {
  if (!isRecord(data) || typeof data.id !== "string") return null;
  if (typeof data.kind !== "string" || !KINDS.has(data.kind)) return null;
  if (typeof data.title !== "string" || typeof data.body !== "string") return null;
  if (typeof data.createdAt !== "string") return null;
  return {
    id: data.id,
    kind: data.kind as NotificationKind,
    title: data.title,
    body: data.body,
    link: orNull(data.link),
    createdAt: data.createdAt,
    readAt: orNull(data.readAt),
  };
}

/** The page with `item` on top, counted as unread once (an event may repeat a read). */
export function withArrival(page: NotificationPage, item: Notification): NotificationPage {
  if (page.items.some((each) => each.id === item.id)) return page;
  return {
    ...page,
    items: [item, ...page.items].slice(0, BELL_SIZE),
    total: page.total + 1,
    unreadCount: page.unreadCount + (item.readAt ? 0 : 1),
  };
}

/**
 * Keeps the bell live: a `notification` event puts the item on top at once, then the list is
 * re-read over REST (the rows are the truth). After a reconnect the list is re-read, since
 * events sent while offline are lost.
 */
export function useNotificationEvents() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const offEvent = onSocketEvent((name, data) => {
      if (name !== NOTIFICATION_EVENT) return;
      const item = parseNotification(data);
      if (!item) return;
      queryClient.setQueryData<NotificationPage>(notificationKeys.all, (page) =>
        page ? withArrival(page, item) : page,
      );
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    });
    const offReconnect = onSocketReconnect(() => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    });
    return () => {
      offEvent();
      offReconnect();
    };
  }, [queryClient]);
}
