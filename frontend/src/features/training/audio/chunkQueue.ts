// The outgoing audio of a live session, as a pure state machine (no socket, no timers), so the
// rules that keep a dropped connection from losing audio can be tested on their own.
//
// The server stores part `seq` only when it is the next one (seq == its live_parts); it answers
// "already stored" for a lower seq and a "gap" with the seq it expects for a higher one. Parts
// are therefore stored contiguously, so an ok for `seq` acknowledges every part up to it. The
// client keeps every chunk until then and resends from the first unacknowledged one whenever
// the connection comes back, a reply times out, or the server reports a gap.

import type { AudioAck as ServerAck } from "@/lib/api/types";

export interface AudioChunk {
  seq: number;
  audio: ArrayBuffer;
}

type Accepted = Extract<ServerAck, { ok: true }>;
type Refused = Extract<ServerAck, { ok: false }>;
type Refusal = Refused["error"];

/**
 * What the server answers to one `training.audio` (the generated AudioAccepted | AudioRefused),
 * as read: a member it lacks is left out, and `error` may also say that the reply was
 * unreadable. `error` is a code, `message` for people.
 */
export type AudioAck =
  | ({ ok: true } & Partial<Omit<Accepted, "ok">>)
  | ({ ok: false; error: Refusal | (string & {}) } & Partial<Omit<Refused, "ok" | "error">>);

/** A chunk handed out for sending, tagged with the round it belongs to. */
export interface Outgoing extends AudioChunk {
  round: number;
}

export type AckOutcome =
  /** Stored: nothing to do but send more. */
  | { kind: "stored" }
  /** Some chunks must go again: call `take()` and send them. */
  | { kind: "resend" }
  /** A reply to chunks sent before the last rewind: already dealt with. */
  | { kind: "stale" }
  /** The server refused the audio for good (session not active, not yours...). */
  | { kind: "failed"; error: string };

/** How many chunks may be in flight at once (about 4 s of audio at 250 ms a chunk). */
export const DEFAULT_WINDOW = 16;

export class ChunkQueue {
  /** Unacknowledged chunks, in seq order. */
  private chunks: AudioChunk[] = [];
  private nextSeq: number;
  /** Chunks with a seq below this one have been sent in the current round. */
  private sendFrom: number;
  /**
   * Bumped at every rewind. Errors answered to an earlier round describe a state already
   * handled: one lost chunk makes every chunk behind it report a gap, and only the first may
   * start a resend.
   */
  private round = 0;
  /** Seconds of audio the server holds, as its last ok said. */
  storedSeconds = 0;

  constructor(
    firstSeq = 0,
    private readonly window = DEFAULT_WINDOW,
  ) {
    this.nextSeq = firstSeq;
    this.sendFrom = firstSeq;
  }

  /** Queues a chunk of PCM16 audio under the next seq. */
  push(audio: ArrayBuffer): AudioChunk {
    const chunk = { seq: this.nextSeq, audio };
    this.nextSeq += 1;
    this.chunks.push(chunk);
    return chunk;
  }

  /** The chunks to send now, in order, as many as the window allows; marks them sent. */
  take(): Outgoing[] {
    const first = this.chunks[0]?.seq ?? this.nextSeq;
    const out: Outgoing[] = [];
    for (const chunk of this.chunks) {
      if (chunk.seq < this.sendFrom) continue;
      if (chunk.seq - first >= this.window) break;
      out.push({ ...chunk, round: this.round });
      this.sendFrom = chunk.seq + 1;
    }
    return out;
  }

  /** Applies the server's reply to chunk `seq`, sent in round `round`. */
  ack(seq: number, round: number, reply: AudioAck): AckOutcome {
    if (reply.ok) {
      // True whatever the round: the server holds every part up to this one.
      this.acknowledgeThrough(seq);
      if (typeof reply.seconds === "number") {
        this.storedSeconds = Math.max(this.storedSeconds, reply.seconds);
      }
      return { kind: "stored" };
    }
    if (round !== this.round) return { kind: "stale" };
    if (reply.error === ("gap" satisfies Refusal) && typeof reply.expected === "number") {
      const first = this.chunks[0]?.seq ?? this.nextSeq;
      if (reply.expected < first) {
        // The server lacks audio it acknowledged earlier: resending cannot repair that.
        return { kind: "failed", error: "The server lost part of the recording." };
      }
      if (reply.expected > this.nextSeq) {
        // Parts this page never made: another tab or device is recording this session.
        return { kind: "failed", error: "This session is being recorded somewhere else." };
      }
      this.acknowledgeThrough(reply.expected - 1);
      this.rewind();
      return { kind: "resend" };
    }
    if (reply.error === ("retry" satisfies Refusal)) {
      // Two deliveries of one chunk raced on the server: the resend is judged afresh.
      this.rewind();
      return { kind: "resend" };
    }
    return {
      kind: "failed",
      error: reply.message || reply.error || "The server refused the audio.",
    };
  }

  /** No reply came for a chunk of `round`: send everything unacknowledged again. */
  timedOut(round: number): AckOutcome {
    if (round !== this.round) return { kind: "stale" };
    this.rewind();
    return { kind: "resend" };
  }

  /** A new connection: whatever was in flight on the old one may be lost. */
  reconnected(): void {
    this.rewind();
  }

  /** Chunks the server has not acknowledged yet. */
  get pending(): number {
    return this.chunks.length;
  }

  /** Seconds of audio not acknowledged yet (PCM16 at 16 kHz). */
  get pendingSeconds(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.audio.byteLength, 0) / 32_000;
  }

  /** The seq the next pushed chunk will get. */
  get next(): number {
    return this.nextSeq;
  }

  private acknowledgeThrough(seq: number) {
    while (this.chunks.length > 0 && this.chunks[0]!.seq <= seq) this.chunks.shift();
    this.sendFrom = Math.max(this.sendFrom, seq + 1);
  }

  private rewind() {
    this.round += 1;
    this.sendFrom = this.chunks[0]?.seq ?? this.nextSeq;
  }
}
