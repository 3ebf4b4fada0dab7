"use client";

import { useSyncExternalStore } from "react";

import { getSocketStatus, onSocketStatus, type SocketStatus } from "@/lib/socket";

const serverStatus = (): SocketStatus => "offline";

/** Whether the real-time connection is up (so job and training events arrive without polling). */
export function useSocketLive(): boolean {
  return useSyncExternalStore(onSocketStatus, getSocketStatus, serverStatus) === "live";
}
