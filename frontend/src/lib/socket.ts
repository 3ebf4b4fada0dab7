// The Socket.IO connection: opened once signed in, authenticated with the current access token.
// `auth` is a function, so every (re)connection presents the freshest token; a refusal for an
// expired token triggers one silent refresh before trying again.
import { io, type Socket } from "socket.io-client";

import { refreshSession } from "@/lib/api/client";
import { session } from "@/lib/auth/session";

export type SocketStatus = "offline" | "connecting" | "live";

type Listener = (status: SocketStatus) => void;
/** Receives every event the server sends; the payload is untrusted until checked. */
export type SocketEventListener = (event: string, data: unknown) => void;

let socket: Socket | null = null;
let status: SocketStatus = "offline";
const listeners = new Set<Listener>();
const eventListeners = new Set<SocketEventListener>();

function setStatus(next: SocketStatus) {
  status = next;
  listeners.forEach((listener) => listener(next));
}

export function getSocketStatus(): SocketStatus {
  return status;
}

export function onSocketStatus(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Calls `listener` each time the connection comes back after being down (not on the first
 * connection): events sent meanwhile are lost, so views re-read what they show.
 */
export function onSocketReconnect(listener: () => void): () => void {
  let live = status === "live";
  return onSocketStatus((next) => {
    if (next === "live" && !live) listener();
    live = next === "live";
  });
}

/**
 * Listens to server events on whichever connection is (or will be) open, so a component can
 * subscribe before the socket exists and keeps its subscription across sign-ins.
 */
export function onSocketEvent(listener: SocketEventListener): () => void {
  eventListeners.add(listener);
  return () => {
    eventListeners.delete(listener);
  };
}

export function getSocket(): Socket | null {
  return socket;
}

export function connectSocket(): Socket {
  if (socket) return socket;
  const client = io({
    path: "/socket.io",
    transports: ["websocket", "polling"],
    auth: (send) => send({ token: session.getAccessToken() }),
    reconnectionDelay: 1000,
    reconnectionDelayMax: 15000,
  });
  let refreshedOnce = false;
  setStatus("connecting");
  client.onAny((event: string, data: unknown) => {
    eventListeners.forEach((listener) => listener(event, data));
  });
  client.on("connect", () => {
    refreshedOnce = false;
    setStatus("live");
  });
  client.on("disconnect", (reason) => {
    // The server closing the connection stops automatic reconnection; ask again.
    if (reason === "io server disconnect" && session.getAccessToken()) client.connect();
    setStatus("connecting");
  });
  client.io.on("reconnect_attempt", () => setStatus("connecting"));
  client.on("connect_error", async (error) => {
    setStatus("offline");
    // A refused handshake is not retried by the client: refresh the token once, then reconnect.
    if (client.active) return;
    if (error.message === "unauthorized" && !refreshedOnce) {
      refreshedOnce = true;
      if (await refreshSession()) client.connect();
    }
  });
  socket = client;
  return client;
}

export function disconnectSocket(): void {
  socket?.removeAllListeners();
  socket?.io.removeAllListeners();
  socket?.disconnect();
  socket = null;
  setStatus("offline");
}
