"use client";

import { useEffect, useRef, useState } from "react";

import { Alert, Button } from "@/ui";

import { fetchLineAudio } from "../api";
import { speakInBrowser, stopBrowserVoice } from "../audio/voice";

type Voice = "server" | "browser";

/**
 * What the customer says, shown and spoken: the server's voice (espeak-ng) when it has one,
 * else the browser's speech synthesis.
 */
export function CustomerLines({ scenarioId, lines }: { scenarioId: string; lines: string[] }) {
  const audio = useRef<HTMLAudioElement>(null);
  const urls = useRef(new Map<number, string>());
  const voice = useRef<Voice>("server");
  const [playing, setPlaying] = useState<number | null>(null);
  const [loading, setLoading] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const cache = urls.current;
    return () => {
      cache.forEach((url) => URL.revokeObjectURL(url));
      stopBrowserVoice();
    };
  }, []);

  const stop = () => {
    audio.current?.pause();
    stopBrowserVoice();
    setPlaying(null);
  };

  const play = async (index: number) => {
    stop();
    setError(null);
    const text = lines[index]!;
    if (voice.current === "server" && !urls.current.has(index)) {
      setLoading(index);
      try {
        const url = await fetchLineAudio(scenarioId, index);
        if (url) urls.current.set(index, url);
        else voice.current = "browser";
      } catch (failure) {
        voice.current = "browser";
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setLoading(null);
      }
    }
    const url = urls.current.get(index);
    if (url && audio.current) {
      audio.current.src = url;
      setPlaying(index);
      try {
        await audio.current.play();
      } catch {
        setPlaying(null);
      }
      return;
    }
    if (speakInBrowser(text, () => setPlaying(null))) {
      setError(null);
      setPlaying(index);
    } else {
      setError("No voice is available to read the line: read it on screen.");
    }
  };

  if (lines.length === 0) return null;
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium text-zinc-800 dark:text-zinc-200">The customer says</h3>
      <ol className="space-y-2" aria-label="The customer's lines">
        {lines.map((line, index) => (
          <li
            key={index}
            className="flex items-start gap-3 rounded-lg bg-zinc-50 px-3 py-2 dark:bg-zinc-800/60"
          >
            <p className="flex-1 text-sm text-zinc-800 italic dark:text-zinc-200">“{line}”</p>
            <Button
              variant="ghost"
              size="sm"
              loading={loading === index}
              onClick={() => (playing === index ? stop() : void play(index))}
              aria-label={`${playing === index ? "Stop" : "Play"} the customer's line ${index + 1}`}
            >
              {playing === index ? "Stop" : "Play"}
            </Button>
          </li>
        ))}
      </ol>
      {error && <Alert tone="warning">{error}</Alert>}
      <audio ref={audio} onEnded={() => setPlaying(null)} preload="none" className="hidden" />
    </div>
  );
}
