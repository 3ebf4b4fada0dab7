import { act } from "@testing-library/react";
import { vi } from "vitest";

// A stand-in for a live Socket.IO connection whose server events the test sends itself:
// `vi.mock("@/lib/socket", () => import("@/test/liveSocket"))`, then `send(event, data)`.

const listeners = new Set<(event: string, data: unknown) => void>();

export const connectSocket = vi.fn();
export const disconnectSocket = vi.fn();
export const getSocket = () => null;
export const getSocketStatus = () => "live";
export const onSocketStatus = () => () => {};
export const onSocketReconnect = () => () => {};
export function onSocketEvent(listener: (event: string, data: unknown) => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Sends an event as the server would, then lets React Query tell its observers. */
export async function send(event: string, data: unknown) {
  await act(async () => {
    listeners.forEach((listener) => listener(event, data));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
