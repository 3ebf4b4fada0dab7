import { describe, expect, it } from "vitest";

import { ChunkQueue, type AudioAck, type Outgoing } from "./chunkQueue";

const audio = (ms = 250) => new ArrayBuffer((16_000 * 2 * ms) / 1000);

/** A stand-in for the server's handler: stores part `seq` only when it is the next one. */
class FakeServer {
  stored: number[] = [];
  constructor(public liveParts = 0) {}
  receive({ seq }: Outgoing): AudioAck {
    if (seq < this.liveParts) return { ok: true, stored: this.liveParts, seconds: 0 };
    if (seq > this.liveParts) return { ok: false, error: "gap", expected: this.liveParts };
    this.stored.push(seq);
    this.liveParts += 1;
    return { ok: true, stored: this.liveParts, seconds: this.liveParts / 4 };
  }
}

const seqs = (chunks: { seq: number }[]) => chunks.map((chunk) => chunk.seq);

describe("ChunkQueue", () => {
  it("numbers chunks from the session's stored parts and forgets them once acknowledged", () => {
    const queue = new ChunkQueue(7);
    queue.push(audio());
    queue.push(audio());
    const sent = queue.take();
    expect(seqs(sent)).toEqual([7, 8]);
    expect(queue.take()).toEqual([]);
    expect(queue.pending).toBe(2);
    expect(queue.ack(7, sent[0]!.round, { ok: true, stored: 8, seconds: 2 })).toEqual({
      kind: "stored",
    });
    expect(queue.pending).toBe(1);
    expect(queue.pendingSeconds).toBeCloseTo(0.25);
    expect(queue.storedSeconds).toBe(2);
    queue.ack(8, sent[1]!.round, { ok: true, stored: 9, seconds: 2.25 });
    expect(queue.pending).toBe(0);
    expect(queue.next).toBe(9);
  });

  it("treats an ok as acknowledging every earlier chunk (parts are stored in order)", () => {
    const queue = new ChunkQueue();
    for (let i = 0; i < 3; i++) queue.push(audio());
    const sent = queue.take();
    queue.ack(2, sent[2]!.round, { ok: true });
    expect(queue.pending).toBe(0);
    // The late acks of 0 and 1 change nothing.
    expect(queue.ack(0, sent[0]!.round, { ok: true }).kind).toBe("stored");
    expect(queue.pending).toBe(0);
  });

  it("keeps at most `window` chunks in flight", () => {
    const queue = new ChunkQueue(0, 3);
    for (let i = 0; i < 5; i++) queue.push(audio());
    const first = queue.take();
    expect(seqs(first)).toEqual([0, 1, 2]);
    queue.ack(0, first[0]!.round, { ok: true });
    expect(seqs(queue.take())).toEqual([3]);
    queue.ack(2, first[2]!.round, { ok: true });
    expect(seqs(queue.take())).toEqual([4]);
  });

  it("resends everything unacknowledged, in order, after a reconnect", () => {
    const server = new FakeServer();
    const queue = new ChunkQueue();
    for (let i = 0; i < 4; i++) queue.push(audio());
    const sent = queue.take();
    // 0 and 1 arrive; the connection drops with 2 and 3 in flight (and their replies lost).
    for (const chunk of sent.slice(0, 2)) queue.ack(chunk.seq, chunk.round, server.receive(chunk));
    queue.push(audio()); // recorded while offline
    queue.reconnected();
    const again = queue.take();
    expect(seqs(again)).toEqual([2, 3, 4]);
    for (const chunk of again) {
      expect(queue.ack(chunk.seq, chunk.round, server.receive(chunk)).kind).toBe("stored");
    }
    expect(server.stored).toEqual([0, 1, 2, 3, 4]);
    expect(queue.pending).toBe(0);
  });

  it("takes 'already stored' for a resent chunk whose first reply was lost", () => {
    const server = new FakeServer();
    const queue = new ChunkQueue();
    queue.push(audio());
    const [chunk] = queue.take();
    server.receive(chunk!); // stored, but the reply never arrives
    queue.reconnected();
    const [again] = queue.take();
    expect(queue.ack(again!.seq, again!.round, server.receive(again!)).kind).toBe("stored");
    expect(server.stored).toEqual([0]);
    expect(queue.pending).toBe(0);
  });

  it("on a gap resends from the seq the server expects, once for the whole burst", () => {
    const server = new FakeServer();
    const queue = new ChunkQueue();
    for (let i = 0; i < 5; i++) queue.push(audio());
    const sent = queue.take();
    // Chunk 1 is lost on the way; 2, 3 and 4 each come back as a gap expecting 1.
    const replies = sent.map((chunk) => (chunk.seq === 1 ? null : server.receive(chunk)));
    const outcomes = sent.map((chunk, i) =>
      replies[i] ? queue.ack(chunk.seq, chunk.round, replies[i]!).kind : "lost",
    );
    expect(outcomes).toEqual(["stored", "lost", "resend", "stale", "stale"]);
    const again = queue.take();
    expect(seqs(again)).toEqual([1, 2, 3, 4]);
    for (const chunk of again) queue.ack(chunk.seq, chunk.round, server.receive(chunk));
    expect(server.stored).toEqual([0, 1, 2, 3, 4]);
    expect(queue.pending).toBe(0);
  });

  it("drops chunks a gap reply says are stored (sent before a reload of the same session)", () => {
    const queue = new ChunkQueue(3);
    for (let i = 0; i < 3; i++) queue.push(audio());
    const sent = queue.take();
    // The server already holds parts up to 4: 3 and 4 are done, it expects 5.
    expect(queue.ack(3, sent[0]!.round, { ok: false, error: "gap", expected: 5 }).kind).toBe(
      "resend",
    );
    expect(seqs(queue.take())).toEqual([5]);
    expect(queue.pending).toBe(1);
  });

  it("fails when the server expects audio it acknowledged, or audio no one sent", () => {
    const lost = new ChunkQueue(4);
    lost.push(audio());
    const [a] = lost.take();
    expect(lost.ack(4, a!.round, { ok: false, error: "gap", expected: 2 })).toEqual({
      kind: "failed",
      error: "The server lost part of the recording.",
    });
    const elsewhere = new ChunkQueue();
    elsewhere.push(audio());
    const [b] = elsewhere.take();
    expect(elsewhere.ack(0, b!.round, { ok: false, error: "gap", expected: 9 }).kind).toBe(
      "failed",
    );
  });

  it("reports other refusals as failures, but not those of an earlier round", () => {
    const queue = new ChunkQueue();
    queue.push(audio());
    const [chunk] = queue.take();
    queue.reconnected();
    expect(queue.ack(0, chunk!.round, { ok: false, error: "The session is paused." }).kind).toBe(
      "stale",
    );
    const [again] = queue.take();
    expect(queue.ack(0, again!.round, { ok: false, error: "The session is paused." })).toEqual({
      kind: "failed",
      error: "The session is paused.",
    });
  });

  it("resends when the server asks for it (two deliveries raced)", () => {
    const queue = new ChunkQueue();
    queue.push(audio());
    const [chunk] = queue.take();
    expect(
      queue.ack(0, chunk!.round, { ok: false, error: "retry", message: "Send it again." }).kind,
    ).toBe("resend");
    expect(seqs(queue.take())).toEqual([0]);
  });

  it("shows the server's message for a refusal, not its code", () => {
    const queue = new ChunkQueue();
    queue.push(audio());
    const [chunk] = queue.take();
    expect(
      queue.ack(0, chunk!.round, {
        ok: false,
        error: "not_active",
        message: "The session is paused.",
      }),
    ).toEqual({ kind: "failed", error: "The session is paused." });
  });

  it("resends after a timeout, once per round", () => {
    const queue = new ChunkQueue();
    queue.push(audio());
    queue.push(audio());
    const sent = queue.take();
    expect(queue.timedOut(sent[0]!.round).kind).toBe("resend");
    expect(queue.timedOut(sent[1]!.round).kind).toBe("stale");
    expect(seqs(queue.take())).toEqual([0, 1]);
  });
});
