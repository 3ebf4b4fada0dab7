"use client";

import { useSyncExternalStore } from "react";

import { getSocketStatus, onSocketStatus, type SocketStatus } from "@/lib/socket";
import { cx } from "@/ui";

const LABELS: Record<SocketStatus, string> = {
  live: "Live",
  connecting: "Connecting",
  offline: "Offline",
};

const subscribe = (listener: () => void) => onSocketStatus(listener);
const serverStatus = (): SocketStatus => "offline";

export function ConnectionIndicator() {
  const status = useSyncExternalStore(subscribe, getSocketStatus, serverStatus);
  return (
    <span
      className="hidden items-center gap-1.5 rounded-full border border-zinc-200 px-2 py-0.5 text-xs text-zinc-600 sm:inline-flex dark:border-zinc-800 dark:text-zinc-400"
      title={`Real-time connection: ${LABELS[status].toLowerCase()}`}
      data-testid="connection-status"
      data-status={status}
    >
      <span
        aria-hidden="true"
        className={cx(
          "size-1.5 rounded-full",
          status === "live" && "bg-emerald-500",
          status === "connecting" && "animate-pulse bg-amber-500",
          status === "offline" && "bg-zinc-400",
        )}
      />
      {LABELS[status]}
    </span>
  );
}
