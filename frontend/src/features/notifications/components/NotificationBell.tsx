"use client";

import { useRouter } from "next/navigation";
import { useCallback, useId, useRef, useState } from "react";

import { useSocketLive } from "@/features/jobs";
import { formatDateTime } from "@/lib/format";
import { cx, ListError, Spinner } from "@/ui";
import { BellIcon } from "@/ui/icons";
import { useDismiss } from "@/ui/useDismiss";

import { useMarkAllRead, useMarkRead, useNotifications, type Notification } from "../api";
import { useNotificationEvents } from "../hooks/useNotificationEvents";

/** Beyond this the badge says "9+": the list says the rest. */
const BADGE_MAX = 9;

function countLabel(unread: number): string {
  if (unread === 0) return "Notifications, none unread";
  return `Notifications, ${unread} unread`;
}

/** The bell in the header: the unread count, live, and the newest notifications below it. */
export function NotificationBell() {
  useNotificationEvents();
  const live = useSocketLive();
  const query = useNotifications(live);
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root, button, "[data-notification]");

  const unread = query.data?.unreadCount ?? 0;
  const choose = (item: Notification) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
    if (item.link) router.push(item.link);
  };

  return (
    <div className="relative" ref={root}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={countLabel(unread)}
        aria-busy={query.isPending}
        onClick={() => setOpen((value) => !value)}
        className="relative rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <BellIcon className="size-5" />
        {unread > 0 && (
          <span
            aria-hidden="true"
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-semibold leading-none text-white"
          >
            {unread > BADGE_MAX ? `${BADGE_MAX}+` : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-label="Notifications"
          // On a phone the bell sits mid-header, so a panel anchored to it would run off the left
          // edge: there it spans the viewport under the header instead.
          className="fixed inset-x-2 top-14 z-30 mt-1 rounded-xl border border-zinc-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-2 sm:w-80 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
              Notifications
            </h2>
            <button
              type="button"
              disabled={unread === 0 || markAllRead.isPending}
              onClick={() => markAllRead.mutate()}
              className="rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 disabled:cursor-default disabled:text-zinc-400 disabled:hover:bg-transparent dark:text-brand-300 dark:hover:bg-zinc-800"
            >
              Mark all read
            </button>
          </div>
          {query.isPending ? (
            <div className="flex justify-center p-6">
              <Spinner label="Loading notifications…" />
            </div>
          ) : query.isError ? (
            <div className="p-3">
              <ListError message={query.error.message} onRetry={() => void query.refetch()} />
            </div>
          ) : query.data.items.length === 0 ? (
            <p className="p-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
              Nothing yet. New assignments, comments and finished jobs show up here.
            </p>
          ) : (
            <ul className="max-h-96 divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800">
              {query.data.items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    data-notification
                    onClick={() => choose(item)}
                    className={cx(
                      "flex w-full gap-2 px-3 py-2.5 text-left hover:bg-zinc-50 focus-visible:bg-zinc-50 focus-visible:outline-none dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800",
                      !item.readAt && "bg-brand-50/60 dark:bg-brand-950/30",
                    )}
                  >
                    <span
                      aria-hidden="true"
                      className={cx(
                        "mt-1.5 size-2 shrink-0 rounded-full",
                        item.readAt ? "bg-transparent" : "bg-brand-600",
                      )}
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
                        {item.readAt ? null : <span className="sr-only">Unread: </span>}
                        {item.title}
                      </span>
                      <span className="block text-sm text-zinc-600 dark:text-zinc-300">
                        {item.body}
                      </span>
                      <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                        {formatDateTime(item.createdAt)}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
