import type { Socket } from "socket.io-client";
import { describe, expect, it, vi } from "vitest";

import type { AudioAck } from "./chunkQueue";
import { AUDIO_EVENT, AudioUplink } from "./uplink";

// The connection's status, driven by the test.
const status = vi.hoisted(() => ({
  value: "live" as "live" | "connecting" | "offline",
  listeners: new Set<(status: "live" | "connecting" | "offline") => void>(),
}));
vi.mock("@/lib/socket", () => ({
  getSocket: () => null,
  getSocketStatus: () => status.value,
  onSocketStatus: (listener: (value: "live" | "connecting" | "offline") => void) => {
    status.listeners.add(listener);
    return () => status.listeners.delete(listener);
  },
  onSocketEvent: () => () => {},
}));

function setStatus(value: "live" | "connecting" | "offline") {
  status.value = value;
  status.listeners.forEach((listener) => listener(value));
}

interface Emitted {
  seq: number;
  reply: (err: Error | null, ack?: AudioAck) => void;
}

/** A socket whose acks the test answers by hand; it stores parts as the server does. */
function fakeSocket() {
  const emitted: Emitted[] = [];
  const server = { liveParts: 0 };
  const socket = {
    connected: true,
    timeout: () => socket,
    emit: (
      event: string,
      payload: { sessionId: string; seq: number; audio: ArrayBuffer },
      reply: Emitted["reply"],
    ) => {
      expect(event).toBe(AUDIO_EVENT);
      expect(payload.sessionId).toBe("s1");
      expect(payload.audio.byteLength).toBe(8000);
      emitted.push({ seq: payload.seq, reply });
    },
  };
  /** The server handles emitted chunk `index` and replies. */
  const deliver = (index: number) => {
    const { seq, reply } = emitted[index]!;
    if (seq < server.liveParts) return reply(null, { ok: true, stored: server.liveParts });
    if (seq > server.liveParts)
      return reply(null, { ok: false, error: "gap", expected: server.liveParts });
    server.liveParts += 1;
    reply(null, { ok: true, stored: server.liveParts, seconds: server.liveParts / 4 });
  };
  return { socket, emitted, server, deliver };
}

const chunk = () => new ArrayBuffer(8000);

describe("AudioUplink", () => {
  it("sends chunks as they come and resolves `drained` once all are stored", async () => {
    setStatus("live");
    const net = fakeSocket();
    const changes = vi.fn();
    const uplink = new AudioUplink("s1", 0, changes, () => net.socket as unknown as Socket);
    uplink.send(chunk());
    uplink.send(chunk());
    expect(net.emitted.map((e) => e.seq)).toEqual([0, 1]);
    expect(uplink.state.pending).toBe(2);
    let drained = false;
    const done = uplink.drained().then(() => (drained = true));
    net.deliver(0);
    await Promise.resolve();
    expect(drained).toBe(false);
    net.deliver(1);
    await done;
    expect(uplink.state).toEqual({ pending: 0, pendingSeconds: 0, error: null });
    expect(changes).toHaveBeenLastCalledWith({ pending: 0, pendingSeconds: 0, error: null });
    uplink.dispose();
  });

  it("holds chunks while offline and resends the unacknowledged ones after a reconnect", async () => {
    setStatus("live");
    const net = fakeSocket();
    const uplink = new AudioUplink(
      "s1",
      0,
      () => {},
      () => net.socket as unknown as Socket,
    );
    uplink.send(chunk());
    uplink.send(chunk());
    net.deliver(0);
    // The connection drops: the pending ack fails, and nothing is emitted while it is down.
    net.socket.connected = false;
    setStatus("connecting");
    net.emitted[1]!.reply(new Error("socket has been disconnected"));
    uplink.send(chunk());
    expect(net.emitted).toHaveLength(2);
    const done = uplink.drained();
    net.socket.connected = true;
    setStatus("live");
    expect(net.emitted.map((e) => e.seq)).toEqual([0, 1, 1, 2]);
    net.deliver(2);
    net.deliver(3);
    await done;
    expect(net.server.liveParts).toBe(3);
    uplink.dispose();
  });

  it("continues a reloaded session from its stored parts", () => {
    setStatus("live");
    const net = fakeSocket();
    net.server.liveParts = 12;
    const uplink = new AudioUplink(
      "s1",
      12,
      () => {},
      () => net.socket as unknown as Socket,
    );
    uplink.send(chunk());
    expect(net.emitted[0]!.seq).toBe(12);
    net.deliver(0);
    expect(uplink.state.pending).toBe(0);
    uplink.dispose();
  });

  it("stops and reports when the server refuses the audio", async () => {
    setStatus("live");
    const net = fakeSocket();
    const uplink = new AudioUplink(
      "s1",
      0,
      () => {},
      () => net.socket as unknown as Socket,
    );
    uplink.send(chunk());
    const done = uplink.drained();
    net.emitted[0]!.reply(null, { ok: false, error: "The session is not active." });
    await expect(done).rejects.toThrow("The session is not active.");
    expect(uplink.state.error).toBe("The session is not active.");
    uplink.send(chunk());
    expect(net.emitted).toHaveLength(1);
    await expect(uplink.drained()).rejects.toThrow("not active");
    uplink.dispose();
  });
});
