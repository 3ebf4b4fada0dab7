"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { MicIcon } from "@/components/icons";
import { ProgressBar } from "@/components/images/ProgressBar";
import { Alert, Button, Card, CardBody, CardHeader } from "@/components/ui";
import { errorMessage } from "@/lib/api/call";
import { postForm } from "@/lib/api/upload";

import { sessionCalls, type Session } from "./api";
import { dbfs, MicrophoneError, openMicrophone, type Microphone } from "./capture";
import type { LiveMetrics } from "./events";
import { LevelMeter, PaceGauge, Stat } from "./LiveMeters";
import { clock } from "./pace";
import { MONOLOGUE_LIMIT_S } from "./targets";
import { AudioUplink, type UplinkState } from "./uplink";

type Phase =
  "ready" | "starting" | "recording" | "pausing" | "paused" | "resuming" | "stopping" | "uploading";

/** The meter falls back this many dB per 50 ms reading, so it does not flicker between words. */
const LEVEL_FALL_DB = 1.5;
const CLIP_PEAK = 0.99;
const ACCEPTED_UPLOADS = ".wav,.mp3,.m4a,.mp4,.webm,.ogg,.oga,.opus,audio/*";

const BUSY: Partial<Record<Phase, string>> = {
  starting: "Starting the microphone…",
  pausing: "Pausing…",
  resuming: "Resuming…",
  stopping: "Finishing…",
  uploading: "Uploading…",
};

/**
 * Records a live session: asks for the microphone, streams 16 kHz PCM16 to the server over the
 * real-time connection (nothing is lost when it drops: see uplink.ts), and shows the live
 * readings. Pause and stop first make sure the server holds every chunk.
 */
export function VoiceRecorder({
  session,
  metrics,
  fillerTotal,
  autoStart = false,
  onCompleted,
}: {
  session: Session;
  metrics: LiveMetrics | null;
  /** Fillers in the live transcript so far. */
  fillerTotal: number;
  /** Start at once (the person just clicked "Start"), rather than waiting for a click. */
  autoStart?: boolean;
  onCompleted: (session: Session) => void;
}) {
  const [phase, setPhase] = useState<Phase>(session.status === "paused" ? "paused" : "ready");
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState<{ db: number | null; clipping: boolean }>({
    db: null,
    clipping: false,
  });
  const [link, setLink] = useState<UplinkState>({ pending: 0, pendingSeconds: 0, error: null });
  const [recordedS, setRecordedS] = useState(session.liveSeconds);
  const [upload, setUpload] = useState<number | null>(null);
  const mic = useRef<Microphone | null>(null);
  const uplink = useRef<AudioUplink | null>(null);
  const started = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const sessionId = session.id;
  const hasAudio = session.liveParts > 0 || recordedS > 0;

  const onLevel = useCallback((rms: number, peak: number) => {
    const db = dbfs(rms);
    setLevel((before) => ({
      db: Number.isFinite(db) ? Math.max(db, (before.db ?? db) - LEVEL_FALL_DB) : null,
      clipping: peak >= CLIP_PEAK,
    }));
  }, []);

  const releaseMicrophone = useCallback(async () => {
    const open = mic.current;
    mic.current = null;
    setLevel({ db: null, clipping: false });
    await open?.stop();
  }, []);

  const openMic = useCallback(async () => {
    // One uplink per page: its seq carries on across pauses; a reload starts from liveParts.
    uplink.current ??= new AudioUplink(sessionId, session.liveParts, setLink);
    const target = uplink.current;
    mic.current = await openMicrophone({
      onChunk: (audio) => {
        target.send(audio);
        setRecordedS((seconds) => seconds + audio.byteLength / 32_000);
      },
      onLevel,
      onEnded: () => {
        setError(
          "The microphone stopped (unplugged, or access withdrawn). Audio until then is saved.",
        );
        void releaseMicrophone();
        setPhase("ready");
      },
    });
  }, [sessionId, session.liveParts, onLevel, releaseMicrophone]);

  const start = useCallback(async () => {
    const from = phase;
    setError(null);
    setPhase(from === "paused" ? "resuming" : "starting");
    try {
      // Audio sent to a paused session is refused: resume it before anything is captured.
      if (from === "paused") await sessionCalls.resume(sessionId);
      if (mic.current) await mic.current.resume();
      else await openMic();
      setPhase("recording");
    } catch (failure) {
      setError(failure instanceof MicrophoneError ? failure.message : errorMessage(failure));
      setPhase(from === "paused" && !(failure instanceof MicrophoneError) ? "paused" : "ready");
    }
  }, [phase, sessionId, openMic]);

  const pause = async () => {
    setPhase("pausing");
    setError(null);
    try {
      await mic.current?.pause();
      await uplink.current?.drained();
      await sessionCalls.pause(sessionId);
      setPhase("paused");
    } catch (failure) {
      setError(errorMessage(failure));
      setPhase("recording");
    }
  };

  const stop = async () => {
    const from = phase;
    setPhase("stopping");
    setError(null);
    try {
      await releaseMicrophone();
      // The recording is what the server holds when complete is called: wait for every chunk.
      // A refused uplink has nothing more to deliver; what the server has is kept.
      if (!uplink.current?.state.error) await uplink.current?.drained();
      const done = await sessionCalls.complete(sessionId);
      uplink.current?.dispose();
      uplink.current = null;
      onCompleted(done);
    } catch (failure) {
      setError(errorMessage(failure));
      setPhase(from === "paused" ? "paused" : "ready");
    }
  };

  const onFile = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setError(null);
    setPhase("uploading");
    setUpload(0);
    const form = new FormData();
    form.append("file", file);
    const outcome = await postForm<Session>(`/api/v1/sessions/${sessionId}/recording`, form, {
      onProgress: ({ loaded, total }) => setUpload(total > 0 ? (loaded / total) * 100 : 0),
    });
    setUpload(null);
    if (outcome.ok) {
      onCompleted(outcome.data);
    } else {
      setError(outcome.message);
      setPhase("ready");
    }
  };

  // Started from the scenario picker's click: the page already has the person's gesture.
  useEffect(() => {
    if (!autoStart || started.current) return;
    started.current = true;
    void start();
  }, [autoStart, start]);

  // Leaving the page: the device is released; audio not yet acknowledged would be lost.
  const unsent =
    phase === "recording" || phase === "pausing" || phase === "stopping" || link.pending > 0;
  useEffect(() => {
    if (!unsent) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsent]);
  useEffect(
    () => () => {
      void mic.current?.stop();
      uplink.current?.dispose();
    },
    [],
  );

  const recording = phase === "recording";
  const busy = BUSY[phase];
  const wpm = metrics?.wordsPerMinute ?? null;
  const monologue = metrics?.monologueS ?? 0;

  return (
    <Card aria-labelledby="recorder-title">
      <CardHeader
        titleId="recorder-title"
        title="Recorder"
        description={
          recording
            ? "Speak as you would to the customer. Feedback appears as you talk."
            : phase === "paused"
              ? "Paused. Resume when you are ready; the recording carries on where it stopped."
              : "Your voice is streamed to your dealership's server and analysed there."
        }
        actions={
          <span
            className="inline-flex items-center gap-1.5 text-sm tabular-nums text-zinc-600 dark:text-zinc-300"
            data-testid="recorder-status"
            data-phase={phase}
          >
            {recording && (
              <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-red-500" />
            )}
            {recording ? "Recording" : phase === "paused" ? "Paused" : busy ? "" : "Not recording"}
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
            hint={`${metrics?.wordCount ?? 0} words`}
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
              onChange={(event) => void onFile(event)}
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
