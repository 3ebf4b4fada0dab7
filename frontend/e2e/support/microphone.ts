import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { test as base, type LaunchOptions } from "@playwright/test";

// Speech for Chromium's fake microphone: espeak-ng reads the text, and Chromium plays the file,
// looped, as what the microphone hears.

const OUTPUT_RATE = 48_000;

/** The data of a mono 16-bit PCM WAV file (espeak-ng writes 22050 Hz). */
function readWav(bytes: Buffer): { rate: number; samples: Int16Array } {
  let offset = 12;
  let rate = 0;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString("ascii", offset, offset + 4);
    let size = bytes.readUInt32LE(offset + 4);
    if (id === "fmt ") rate = bytes.readUInt32LE(offset + 12);
    if (id === "data") {
      // A streamed WAV may leave the size unset: the data then runs to the end.
      size = Math.min(size, bytes.length - offset - 8);
      const data = bytes.subarray(offset + 8, offset + 8 + size - (size % 2));
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { rate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error("espeak-ng wrote no audio data");
}

function writeWav(samples: Int16Array, rate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(samples.length * 2, 40);
  const body = Buffer.alloc(samples.length * 2);
  samples.forEach((value, i) => body.writeInt16LE(value, i * 2));
  return Buffer.concat([header, body]);
}

/** `samples` at `rate`, resampled to 48 kHz (a rate every Chromium build reads). */
function resampled({ rate, samples }: { rate: number; samples: Int16Array }): Int16Array {
  const out = new Int16Array(Math.floor((samples.length * OUTPUT_RATE) / rate));
  for (let i = 0; i < out.length; i++) {
    // Linear interpolation: upsampling adds nothing above the source's band.
    const t = (i * rate) / OUTPUT_RATE;
    const j = Math.floor(t);
    const a = samples[j] ?? 0;
    const b = samples[j + 1] ?? a;
    out[i] = Math.round(a + (t - j) * (b - a));
  }
  return out;
}

export interface Speech {
  /** Read one after another, each followed by `silenceS` of silence. */
  sentences: string[];
  wordsPerMinute: number;
  silenceS: number;
  /** Silence before the first sentence. */
  leadS: number;
}

/** Synthesises the sentences into a 48 kHz mono WAV in `folder` and returns its path. */
export function speechWav(folder: string, speech: Speech): string {
  mkdirSync(folder, { recursive: true });
  const raw = join(folder, "espeak.wav");
  const silence = (seconds: number) => new Int16Array(Math.round(seconds * OUTPUT_RATE));
  const parts: Int16Array[] = [silence(speech.leadS)];
  for (const sentence of speech.sentences) {
    const rate = String(speech.wordsPerMinute);
    execFileSync("espeak-ng", ["-v", "en-us", "-s", rate, "-w", raw, sentence]);
    parts.push(resampled(readWav(readFileSync(raw))), silence(speech.silenceS));
  }
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  parts.reduce((at, part) => (out.set(part, at), at + part.length), 0);
  const path = join(folder, "microphone-48k.wav");
  writeFileSync(path, writeWav(out, OUTPUT_RATE));
  return path;
}

/**
 * Playwright's `test` with a fake microphone that hears `speech`, looped. The flags apply to
 * the spec file's browser only: they are added to whatever the configuration launches.
 */
export function withFakeMicrophone(speech: Speech) {
  return base.extend<object, { launchOptions: LaunchOptions }>({
    launchOptions: [
      async ({ launchOptions }, use, workerInfo) => {
        const wav = speechWav(join(workerInfo.project.outputDir, "fake-microphone"), speech);
        await use({
          ...launchOptions,
          args: [
            ...(launchOptions.args ?? []),
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            `--use-file-for-fake-audio-capture=${wav}`,
            "--autoplay-policy=no-user-gesture-required",
          ],
        });
      },
      { scope: "worker" },
    ],
  });
}
