// The microphone, captured through the AudioWorklet in public/worklets/pcm16-capture.js: 16 kHz
// mono PCM16 in chunks of about 250 ms, plus a level reading every 50 ms for the meter.

const WORKLET_URL = "/worklets/pcm16-capture.js";
const CHUNK_MS = 250;
const LEVEL_MS = 50;
/** A flush is a message round trip to the audio thread; this is plenty. */
const FLUSH_TIMEOUT_MS = 1_000;

export type MicrophoneProblem = "unsupported" | "denied" | "absent" | "busy" | "failed";

export class MicrophoneError extends Error {
  constructor(
    readonly problem: MicrophoneProblem,
    message: string,
  ) {
    super(message);
    this.name = "MicrophoneError";
  }
}

const MESSAGES: Record<MicrophoneProblem, string> = {
  unsupported:
    "This browser cannot record audio here. Use a current Chrome, Edge, Firefox or Safari, on a secure (https) address.",
  denied:
    "Microphone access was refused. Allow the microphone for this site (the icon in the address bar), then try again.",
  absent: "No microphone was found. Connect one, then try again.",
  busy: "The microphone could not be started: another application may be using it.",
  failed: "The microphone could not be started.",
};

function problemOf(error: unknown): MicrophoneProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "denied";
    case "NotFoundError":
    case "OverconstrainedError":
      return "absent";
    case "NotReadableError":
    case "AbortError":
      return "busy";
    default:
      return "failed";
  }
}

export interface CaptureHandlers {
  /** A chunk of 16 kHz mono PCM16, little-endian. */
  onChunk: (audio: ArrayBuffer) => void;
  /** RMS and peak of the last 50 ms, as fractions of full scale. */
  onLevel: (rms: number, peak: number) => void;
  /** The device went away (unplugged, or access revoked) while capturing. */
  onEnded: () => void;
}

export interface Microphone {
  /** Sends out what was captured so far and stops capturing (the device stays open). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Sends out what was captured so far and releases the device. */
  stop(): Promise<void>;
}

type WorkletMessage =
  | { type: "chunk"; audio: ArrayBuffer }
  | { type: "level"; rms: number; peak: number }
  | { type: "flushed" };

/** Asks for the microphone and starts capturing; throws a MicrophoneError with a message to show. */
export async function openMicrophone(handlers: CaptureHandlers): Promise<Microphone> {
  if (
    typeof window === "undefined" ||
    !navigator.mediaDevices?.getUserMedia ||
    typeof AudioWorkletNode === "undefined"
  ) {
    throw new MicrophoneError("unsupported", MESSAGES.unsupported);
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        channelCount: 1,
        // The customer's lines may play through the speakers while the salesperson talks.
        echoCancellation: true,
        noiseSuppression: true,
        // Automatic gain would hide how loudly the salesperson really speaks.
        autoGainControl: false,
      },
    });
  } catch (error) {
    const problem = problemOf(error);
    throw new MicrophoneError(problem, MESSAGES[problem]);
  }
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(WORKLET_URL);
    await context.resume();
  } catch {
    stream.getTracks().forEach((track) => track.stop());
    void context.close();
    throw new MicrophoneError("failed", MESSAGES.failed);
  }
  const node = new AudioWorkletNode(context, "pcm16-capture", {
    processorOptions: { chunkMs: CHUNK_MS, levelMs: LEVEL_MS },
  });
  let flushed: (() => void) | null = null;
  node.port.onmessage = (event: MessageEvent<WorkletMessage>) => {
    const message = event.data;
    if (message.type === "chunk") handlers.onChunk(message.audio);
    else if (message.type === "level") handlers.onLevel(message.rms, message.peak);
    else flushed?.();
  };
  const source = context.createMediaStreamSource(stream);
  source.connect(node);
  // The node writes no output, but a node connected to the destination is always processed.
  node.connect(context.destination);
  let closed = false;
  stream.getAudioTracks()[0]?.addEventListener("ended", () => {
    if (!closed) handlers.onEnded();
  });

  const flush = () =>
    new Promise<void>((resolve) => {
      const timer = window.setTimeout(resolve, FLUSH_TIMEOUT_MS);
      flushed = () => {
        window.clearTimeout(timer);
        flushed = null;
        resolve();
      };
      node.port.postMessage({ type: "flush" });
    });

  return {
    async pause() {
      await flush();
      await context.suspend();
    },
    async resume() {
      await context.resume();
      node.port.postMessage({ type: "start" });
    },
    async stop() {
      if (closed) return;
      closed = true;
      if (context.state === "running") await flush();
      source.disconnect();
      node.disconnect();
      stream.getTracks().forEach((each) => each.stop());
      await context.close();
    },
  };
}

/** dBFS of a fraction of full scale; -Infinity for silence. */
export function dbfs(fraction: number): number {
  return fraction > 0 ? 20 * Math.log10(fraction) : Number.NEGATIVE_INFINITY;
}
