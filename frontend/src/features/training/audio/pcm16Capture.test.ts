// The capture worklet (public/worklets/pcm16-capture.js) is plain JavaScript that the browser
// loads as it is; these tests run that very file in a sandbox that plays the audio thread.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";

import { describe, expect, it } from "vitest";

const SOURCE = readFileSync(join(process.cwd(), "public/worklets/pcm16-capture.js"), "utf8");
const BLOCK = 128; // frames per process() call, as in every browser

type Message = { type: "chunk"; audio: ArrayBuffer } | { type: "level"; rms: number; peak: number };

interface Processor {
  process(inputs: Float32Array[][]): boolean;
  port: { onmessage: ((event: { data: unknown }) => void) | null };
}

/** Loads the worklet at `rate` Hz and returns its processor and what it posts. */
function load(rate: number, processorOptions: object = {}) {
  const posted: (Message | { type: "flushed" })[] = [];
  let registered: { name: string; ctor: new (options: object) => Processor } | null = null;
  class AudioWorkletProcessor {
    port = {
      onmessage: null,
      postMessage: (message: Message) => posted.push(message),
    };
  }
  runInNewContext(SOURCE, {
    sampleRate: rate,
    AudioWorkletProcessor,
    registerProcessor: (name: string, ctor: new (options: object) => Processor) => {
      registered = { name, ctor };
    },
    Float32Array,
    Int16Array,
    Math,
  });
  const { name, ctor } = registered!;
  const processor = new ctor({ processorOptions });
  const send = (data: unknown) => processor.port.onmessage?.({ data });
  return { name, processor, posted, send };
}

/** Feeds `seconds` of channels produced by `signal(t)` in blocks of 128 frames. */
function feed(
  processor: Processor,
  rate: number,
  seconds: number,
  signal: (t: number) => number[],
) {
  const frames = Math.round(rate * seconds);
  for (let start = 0; start < frames; start += BLOCK) {
    const length = Math.min(BLOCK, frames - start);
    const channels = signal(0).map(() => new Float32Array(length));
    for (let i = 0; i < length; i++) {
      signal((start + i) / rate).forEach((value, c) => (channels[c]![i] = value));
    }
    processor.process([channels]);
  }
}

function chunks(posted: { type: string }[]) {
  return posted.filter((m): m is { type: "chunk"; audio: ArrayBuffer } => m.type === "chunk");
}

function samples(posted: { type: string }[]): Int16Array {
  const parts = chunks(posted).map((m) => new Int16Array(m.audio));
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** RMS of PCM16 samples as a fraction of full scale, skipping the filter's start-up. */
function rms(pcm: Int16Array, skip = 400): number {
  const body = pcm.subarray(skip);
  let sum = 0;
  for (const value of body) sum += (value / 32768) ** 2;
  return Math.sqrt(sum / body.length);
}

const sine = (hz: number, amplitude: number) => (t: number) => [
  amplitude * Math.sin(2 * Math.PI * hz * t),
];

describe("the PCM16 capture worklet", () => {
  it("registers under the name the recorder asks for", () => {
    expect(load(48_000).name).toBe("pcm16-capture");
  });

  it.each([48_000, 44_100, 16_000, 8_000])(
    "turns %i Hz input into 250 ms chunks of 16 kHz PCM16 (4000 samples, 8000 bytes)",
    (rate) => {
      const { processor, posted } = load(rate);
      feed(processor, rate, 1.1, sine(440, 0.5));
      const sent = chunks(posted);
      expect(sent).toHaveLength(4);
      for (const chunk of sent) expect(chunk.audio.byteLength).toBe(8000);
    },
  );

  it("keeps speech-band tones at their level and keeps their frequency", () => {
    const { processor, posted } = load(48_000);
    feed(processor, 48_000, 1.1, sine(440, 0.5));
    const pcm = samples(posted);
    expect(pcm.length).toBe(16_000);
    // A sine of amplitude 0.5 has an RMS of 0.354.
    expect(rms(pcm)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    // 440 Hz read at 16 kHz: 440 rising zero crossings in the second.
    let crossings = 0;
    for (let i = 1; i < pcm.length; i++) if (pcm[i - 1]! < 0 && pcm[i]! >= 0) crossings += 1;
    expect(crossings).toBeGreaterThanOrEqual(439);
    expect(crossings).toBeLessThanOrEqual(440);
  });

  it("filters out what is above 8 kHz instead of folding it into the speech band", () => {
    const { processor, posted } = load(48_000);
    // 12 kHz would alias to 4 kHz when decimated without a filter.
    feed(processor, 48_000, 1, sine(12_000, 0.5));
    expect(rms(samples(posted))).toBeLessThan(0.005);
  });

  it("mixes stereo down to mono", () => {
    const { processor, posted } = load(48_000);
    // Opposite channels cancel; a real microphone's two channels would add up.
    feed(processor, 48_000, 0.5, (t) => [
      0.5 * Math.sin(2 * Math.PI * 300 * t),
      -0.5 * Math.sin(2 * Math.PI * 300 * t),
    ]);
    expect(rms(samples(posted))).toBeLessThan(0.001);
  });

  it("writes full scale as 32767 / -32768 and clips beyond it", () => {
    const { processor, posted } = load(16_000);
    feed(processor, 16_000, 0.25, (t) => [t < 0.125 ? 1.5 : -2]);
    const pcm = samples(posted);
    expect(pcm[10]).toBe(32767);
    expect(pcm[pcm.length - 10]).toBe(-32768);
    // Little-endian on the wire, as the server reads it.
    const bytes = new Uint8Array(chunks(posted)[0]!.audio);
    expect([bytes[20], bytes[21]]).toEqual([0xff, 0x7f]);
  });

  it("joins blocks seamlessly: any block size gives the same samples", () => {
    const rate = 44_100;
    const signal = (t: number) =>
      0.4 * Math.sin(2 * Math.PI * 523 * t) + 0.2 * Math.sin(2 * Math.PI * 97 * t);
    const whole = load(rate);
    const input = new Float32Array(rate / 2);
    for (let i = 0; i < input.length; i++) input[i] = signal(i / rate);
    whole.processor.process([[input]]);
    const blocks = load(rate);
    for (let start = 0; start < input.length; start += 100) {
      blocks.processor.process([[input.slice(start, start + 100)]]);
    }
    blocks.send({ type: "flush" });
    whole.send({ type: "flush" });
    expect(Array.from(samples(blocks.posted))).toEqual(Array.from(samples(whole.posted)));
  });

  it("posts the partial chunk on flush, then ignores input until started again", () => {
    const { processor, posted, send } = load(16_000);
    feed(processor, 16_000, 0.3, sine(200, 0.3));
    send({ type: "flush" });
    expect(chunks(posted).map((m) => m.audio.byteLength)).toEqual([8000, 1600]);
    expect(posted.at(-1)).toEqual({ type: "flushed" });
    feed(processor, 16_000, 0.5, sine(200, 0.3));
    expect(chunks(posted)).toHaveLength(2);
    send({ type: "start" });
    feed(processor, 16_000, 0.25, sine(200, 0.3));
    expect(chunks(posted)).toHaveLength(3);
  });

  it("reports the level (RMS and peak) every 50 ms", () => {
    const { processor, posted } = load(48_000, { levelMs: 50 });
    feed(processor, 48_000, 0.5, sine(1000, 0.25));
    const levels = posted.filter(
      (m): m is Extract<Message, { type: "level" }> => m.type === "level",
    );
    expect(levels.length).toBeGreaterThanOrEqual(9);
    expect(levels.length).toBeLessThanOrEqual(10);
    expect(levels[3]!.rms).toBeCloseTo(0.25 / Math.SQRT2, 2);
    expect(levels[3]!.peak).toBeCloseTo(0.25, 2);
  });
});
