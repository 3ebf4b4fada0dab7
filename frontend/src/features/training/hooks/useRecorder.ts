"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { errorMessage } from "@/lib/api/call";
import { postForm } from "@/lib/api/upload";

import { sessionCalls, type Session } from "../api";
import { dbfs, MicrophoneError, openMicrophone, type Microphone } from "../audio/capture";
import { AudioUplink, type UplinkState } from "../audio/uplink";

export type RecorderPhase =
  "ready" | "starting" | "recording" | "pausing" | "paused" | "resuming" | "stopping" | "uploading";
type Phase = RecorderPhase;

/** The meter falls back this many dB per 50 ms reading, so it does not flicker between words. */
const LEVEL_FALL_DB = 1.5;
const CLIP_PEAK = 0.99;

/**
 * The recorder's phases and the work behind them: asks for the microphone, streams 16 kHz PCM16
 * to the server over the real-time connection (nothing is lost when it drops: see uplink.ts),
 * pauses, resumes, stops or uploads a file instead. Pause and stop first make sure the server
 * holds every chunk. The view (VoiceRecorder) only draws what this returns.
 */
export function useRecorder({
  session,
  autoStart = false,
  onCompleted,
}: {
  session: Session;
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

  const uploadFile = async (file: File) => {
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

  return { phase, error, level, link, recordedS, upload, hasAudio, start, pause, stop, uploadFile };
}
