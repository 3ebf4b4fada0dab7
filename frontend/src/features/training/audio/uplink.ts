// Sends a live session's audio over the app's Socket.IO connection, with the ChunkQueue's rules:
// every chunk is kept until the server acknowledges it, and everything unacknowledged goes
// again after a reconnect, a timeout or a gap.
import type { Socket } from "socket.io-client";

import { getSocket, getSocketStatus, onSocketStatus } from "@/lib/socket";

import { ChunkQueue, type AckOutcome, type AudioAck, type Outgoing } from "./chunkQueue";

export const AUDIO_EVENT = "training.audio";
/** A reply slower than this counts as lost: the chunk and those after it are sent again. */
const ACK_TIMEOUT_MS = 10_000;

export interface UplinkState {
  /** Chunks not acknowledged yet. */
  pending: number;
  pendingSeconds: number;
  /** The server refused the audio for good; nothing more is sent. */
  error: string | null;
}

function parseAck(reply: unknown): AudioAck {
  if (typeof reply !== "object" || reply === null) {
    return { ok: false, error: "The server sent an unexpected reply." };
  }
  const value = reply as Record<string, unknown>;
  if (value.ok === true) {
    return { ok: true, seconds: typeof value.seconds === "number" ? value.seconds : undefined };
  }
  return {
    ok: false,
    error: typeof value.error === "string" ? value.error : "refused",
    message: typeof value.message === "string" ? value.message : undefined,
    expected: typeof value.expected === "number" ? value.expected : undefined,
  };
}

export class AudioUplink {
  private readonly queue: ChunkQueue;
  private error: string | null = null;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly offStatus: () => void;
  private live = getSocketStatus() === "live";

  constructor(
    private readonly sessionId: string,
    firstSeq: number,
    private readonly onChange: (state: UplinkState) => void,
    private readonly socket: () => Socket | null = getSocket,
  ) {
    this.queue = new ChunkQueue(firstSeq);
    this.offStatus = onSocketStatus((status) => {
      const wasLive = this.live;
      this.live = status === "live";
      if (this.live && !wasLive) {
        this.queue.reconnected();
        this.pump();
      }
    });
  }

  get state(): UplinkState {
    return {
      pending: this.queue.pending,
      pendingSeconds: this.queue.pendingSeconds,
      error: this.error,
    };
  }

  send(audio: ArrayBuffer) {
    if (this.error) return;
    this.queue.push(audio);
    this.pump();
    this.onChange(this.state);
  }

  /** Resolves once the server holds every chunk sent so far; rejects if it refuses them. */
  drained(): Promise<void> {
    if (this.error) return Promise.reject(new Error(this.error));
    if (this.queue.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  dispose() {
    this.offStatus();
    this.settle(new Error("The recording was closed."));
  }

  private pump() {
    const socket = this.socket();
    // While disconnected nothing is emitted (Socket.IO would buffer it): the reconnect resends.
    if (this.error || !socket?.connected) return;
    for (const chunk of this.queue.take()) {
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(
          AUDIO_EVENT,
          { sessionId: this.sessionId, seq: chunk.seq, audio: chunk.audio },
          (err: Error | null, reply: unknown) => this.reply(chunk, err, reply),
        );
    }
  }

  private reply(chunk: Outgoing, err: Error | null, reply: unknown) {
    const outcome: AckOutcome = err
      ? this.queue.timedOut(chunk.round)
      : this.queue.ack(chunk.seq, chunk.round, parseAck(reply));
    if (outcome.kind === "failed") {
      this.error = outcome.error;
      this.settle(new Error(outcome.error));
    } else if (outcome.kind !== "stale") {
      this.pump();
      if (this.queue.pending === 0) this.settle(null);
    }
    this.onChange(this.state);
  }

  private settle(error: Error | null) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }
}
