"use client";

import { useEffect, useRef } from "react";

import { ProgressBar } from "@/features/jobs";
import { plural } from "@/lib/format";
import { Alert, Button, Card, CardBody, CardHeader } from "@/ui";
import { MicIcon } from "@/ui/icons";

import type { Session } from "../api";
import type { LiveMetrics } from "../events";
import { useRecorder, type RecorderPhase } from "../hooks/useRecorder";
import { clock } from "../pace";
import { MONOLOGUE_LIMIT_S } from "../targets";
import { LevelMeter, PaceGauge, Stat } from "./LiveMeters";

const ACCEPTED_UPLOADS = ".wav,.mp3,.m4a,.mp4,.webm,.ogg,.oga,.opus,audio/*";

const BUSY: Partial<Record<RecorderPhase, string>> = {
  starting: "Starting the microphone…",
  pausing: "Pausing…",
  resuming: "Resuming…",
  stopping: "Finishing…",
  uploading: "Uploading…",
};

function description(phase: RecorderPhase, listening: boolean): string {
  if (listening) return "The customer is speaking: the microphone is paused until they finish.";
  if (phase === "recording") {
    return "Speak as you would to the customer. Feedback appears as you talk.";
  }
  if (phase === "paused") {
    return "Paused. Resume when you are ready; the recording carries on where it stopped.";
  }
  return "Your voice is streamed to your dealership's server and analysed there.";
}

function statusText(phase: RecorderPhase, listening: boolean): string {
  if (listening) return "Microphone paused";
  if (phase === "recording") return "Recording";
  if (phase === "paused") return "Paused";
  return BUSY[phase] ? "" : "Not recording";
}

/**
 * Records a live session and shows the live readings; the phases and the audio pipeline live in
 * useRecorder.
 */
export function VoiceRecorder({
  session,
  metrics,
  fillerTotal,
  autoStart = false,
  onCompleted,
  onPhase,
  customerSpeaking = false,
}: {
  session: Session;
  metrics: LiveMetrics | null;
  /** Fillers in the live transcript so far. */
  fillerTotal: number;
  /** Start at once (the person just clicked "Start"), rather than waiting for a click. */
  autoStart?: boolean;
  onCompleted: (session: Session) => void;
  /** Told each change of phase (a role-play's "Done speaking" needs a recording). */
  onPhase?: (phase: RecorderPhase) => void;
  /** A role-play's customer is speaking: the server does not listen to the microphone. */
  customerSpeaking?: boolean;
}) {
  const { phase, error, level, link, recordedS, upload, hasAudio, start, pause, stop, uploadFile } =
    useRecorder({ session, autoStart, onCompleted });
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => onPhase?.(phase), [phase, onPhase]);

  const onFile = (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (file) void uploadFile(file);
  };

  const recording = phase === "recording";
  const listening = recording && customerSpeaking;
  const busy = BUSY[phase];
  const wpm = metrics?.wordsPerMinute ?? null;
  const monologue = metrics?.monologueS ?? 0;

  return (
    <Card aria-labelledby="recorder-title">
      <CardHeader
        titleId="recorder-title"
        title="Recorder"
        description={description(phase, listening)}
        actions={
          <span
            className="inline-flex items-center gap-1.5 text-sm tabular-nums text-zinc-600 dark:text-zinc-300"
            data-testid="recorder-status"
            data-phase={phase}
            data-microphone={listening ? "paused" : undefined}
          >
            {recording && !listening && (
              <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-red-500" />
            )}
            {statusText(phase, listening)}
            <span className="sr-only">, recorded</span> {clock(recordedS)}
          </span>
        }
      />
      <CardBody className="space-y-5">
        {error && <Alert tone="error">{error}</Alert>}
        {link.error && (
          <Alert tone="error" title="The server stopped accepting audio">
            {link.error} What it received so far is kept: stop to get the report.
          </Alert>
        )}
        <div className="flex flex-wrap items-center gap-2">
          {(phase === "ready" || phase === "starting") && (
            <Button onClick={() => void start()} loading={phase === "starting"}>
              <MicIcon className="size-4" />
              {hasAudio ? "Continue recording" : "Start recording"}
            </Button>
          )}
          {(phase === "paused" || phase === "resuming") && (
            <Button onClick={() => void start()} loading={phase === "resuming"}>
              Resume
            </Button>
          )}
          {(recording || phase === "pausing") && (
            <Button variant="secondary" onClick={() => void pause()} loading={phase === "pausing"}>
              Pause
            </Button>
          )}
          {phase !== "uploading" && (hasAudio || recording) && (
            <Button
              variant={recording ? "danger" : "secondary"}
              onClick={() => void stop()}
              loading={phase === "stopping"}
              disabled={phase === "starting" || phase === "pausing" || phase === "resuming"}
            >
              Stop and analyse
            </Button>
          )}
          {busy && (
            <span className="text-sm text-zinc-500 dark:text-zinc-400" role="status">
              {busy}
            </span>
          )}
        </div>
        {link.pending > 1 && (
          <p className="text-sm text-amber-700 dark:text-amber-300" role="status">
            {link.pendingSeconds.toFixed(1)} s of audio waiting to reach the server
            {phase === "stopping" ? ": finishing once it has arrived." : "…"}
          </p>
        )}
        <LevelMeter
          db={level.db}
          speechDb={metrics?.speechDbfs ?? null}
          clipping={level.clipping}
        />
        <PaceGauge wordsPerMinute={wpm} />
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Live measures">
          <Stat
            label="Talk time"
            value={clock(metrics?.talkTimeS ?? 0)}
            hint={plural(metrics?.wordCount ?? 0, "word")}
            testId="talk-time"
          />
          <Stat
            label="Fillers"
            value={metrics?.fillersLastMinute ?? 0}
            hint={`last minute · ${fillerTotal} in all`}
            warn={(metrics?.fillersLastMinute ?? 0) >= 3}
            testId="filler-count"
          />
          <Stat
            label="Talking for"
            value={clock(monologue)}
            hint={monologue >= MONOLOGUE_LIMIT_S ? "Ask a question" : "without a pause"}
            warn={monologue >= MONOLOGUE_LIMIT_S}
          />
          <Stat
            label="Speaking level"
            value={metrics?.speechDbfs != null ? `${Math.round(metrics.speechDbfs)} dB` : "—"}
            hint={metrics?.clippingEvents ? `${metrics.clippingEvents} clipped` : "of full scale"}
            warn={Boolean(metrics?.clippingEvents)}
          />
        </dl>
        {!hasAudio && (phase === "ready" || phase === "uploading") && (
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
            <Button
              variant="secondary"
              size="sm"
              onClick={() => fileInput.current?.click()}
              loading={phase === "uploading"}
            >
              Upload a recording instead
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept={ACCEPTED_UPLOADS}
              className="hidden"
              aria-label="Recording to upload"
              onChange={onFile}
            />
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Recorded elsewhere? WAV, MP3, M4A, WebM or Ogg get the same analysis.
            </p>
            {upload !== null && <ProgressBar value={upload} label="Upload" />}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
