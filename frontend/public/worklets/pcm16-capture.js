// AudioWorklet processor for live training sessions: mixes the microphone down to mono,
// resamples it to 16 kHz, converts it to little-endian PCM16 and posts it to the page in chunks
// of about 250 ms (what the server's `training.audio` expects), plus a level reading every 50 ms
// for the meter. Plain JavaScript with no imports: the browser loads it as it is, from public/.
// src/features/training/audio/pcm16Capture.test.ts runs this very file.
"use strict";

const OUTPUT_RATE = 16000;
// Low-pass below the new Nyquist frequency (8 kHz) before decimating, so that hiss and
// sibilants above it do not fold back into the speech band.
const CUTOFF_HZ = 7200;
const TAPS_PER_KHZ = 4;

/** A Blackman-windowed sinc low-pass with unit gain at DC; one tap when no filter is needed. */
function lowPass(inputRate) {
  if (inputRate <= OUTPUT_RATE) return new Float32Array([1]);
  const taps = Math.ceil((TAPS_PER_KHZ * inputRate) / 1000) | 1;
  const half = (taps - 1) / 2;
  const fc = CUTOFF_HZ / inputRate;
  const kernel = new Float32Array(taps);
  let sum = 0;
  for (let k = 0; k < taps; k++) {
    const x = k - half;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    const window =
      0.42 -
      0.5 * Math.cos((2 * Math.PI * k) / (taps - 1)) +
      0.08 * Math.cos((4 * Math.PI * k) / (taps - 1));
    kernel[k] = sinc * window;
    sum += kernel[k];
  }
  for (let k = 0; k < taps; k++) kernel[k] /= sum;
  return kernel;
}

/** Float samples in [-1, 1] to 16-bit integers, clipping what is beyond. */
function toPcm16(sample) {
  const s = Math.max(-1, Math.min(1, sample));
  return Math.round(s < 0 ? s * 0x8000 : s * 0x7fff);
}

/**
 * Streaming resampler: filtered input is read at fractional positions by linear interpolation.
 * Keeps the input it still needs between calls, so blocks of any size join seamlessly.
 */
class Pcm16Resampler {
  constructor(inputRate) {
    this.kernel = lowPass(inputRate);
    this.half = (this.kernel.length - 1) / 2;
    this.step = inputRate / OUTPUT_RATE;
    // Leading zeros put the first output sample at the time of the first input sample.
    this.input = new Float32Array(this.half);
    this.position = this.half;
  }

  filtered(index) {
    const { kernel, input, half } = this;
    let sum = 0;
    for (let k = 0; k < kernel.length; k++) sum += kernel[k] * input[index + half - k];
    return sum;
  }

  /** Takes mono input samples, returns the PCM16 output samples they complete. */
  process(samples) {
    const joined = new Float32Array(this.input.length + samples.length);
    joined.set(this.input);
    joined.set(samples, this.input.length);
    this.input = joined;
    const out = [];
    while (Math.ceil(this.position) + this.half < this.input.length) {
      const index = Math.floor(this.position);
      const frac = this.position - index;
      const a = this.filtered(index);
      const value = frac === 0 ? a : a + frac * (this.filtered(index + 1) - a);
      out.push(toPcm16(value));
      this.position += this.step;
    }
    const drop = Math.floor(this.position) - this.half;
    if (drop > 0) {
      this.input = this.input.slice(drop);
      this.position -= drop;
    }
    return Int16Array.from(out);
  }
}

class Pcm16CaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { chunkMs = 250, levelMs = 50 } = (options && options.processorOptions) || {};
    this.resampler = new Pcm16Resampler(sampleRate);
    this.chunk = new Int16Array(Math.round((OUTPUT_RATE * chunkMs) / 1000));
    this.filled = 0;
    this.levelFrames = Math.round((sampleRate * levelMs) / 1000);
    this.levelCount = 0;
    this.levelSquares = 0;
    this.levelPeak = 0;
    this.capturing = true;
    this.port.onmessage = (event) => this.command(event.data);
  }

  command(message) {
    if (!message) return;
    if (message.type === "flush") {
      // Everything captured so far goes out now; input is ignored until "start".
      this.post(this.filled);
      this.capturing = false;
      this.port.postMessage({ type: "flushed" });
    } else if (message.type === "start") {
      this.capturing = true;
    }
  }

  post(length) {
    if (length === 0) return;
    const audio = this.chunk.slice(0, length).buffer;
    this.port.postMessage({ type: "chunk", audio }, [audio]);
    this.filled = 0;
  }

  level(mono) {
    for (let i = 0; i < mono.length; i++) {
      const value = mono[i];
      this.levelSquares += value * value;
      this.levelPeak = Math.max(this.levelPeak, Math.abs(value));
    }
    this.levelCount += mono.length;
    if (this.levelCount < this.levelFrames) return;
    const rms = Math.sqrt(this.levelSquares / this.levelCount);
    this.port.postMessage({ type: "level", rms, peak: this.levelPeak });
    this.levelCount = 0;
    this.levelSquares = 0;
    this.levelPeak = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (!this.capturing || !channels || channels.length === 0) return true;
    const frames = channels[0].length;
    const mono = new Float32Array(frames);
    for (const channel of channels) {
      for (let i = 0; i < frames; i++) mono[i] += channel[i] / channels.length;
    }
    this.level(mono);
    const pcm = this.resampler.process(mono);
    let offset = 0;
    while (offset < pcm.length) {
      const take = Math.min(pcm.length - offset, this.chunk.length - this.filled);
      this.chunk.set(pcm.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.chunk.length) this.post(this.filled);
    }
    return true;
  }
}

registerProcessor("pcm16-capture", Pcm16CaptureProcessor);
