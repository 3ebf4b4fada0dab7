"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** While playing, the time is followed in steps of this many seconds: fine enough for words. */
const STEP_S = 0.05;

/**
 * The report's player: the time played so far, followed frame by frame while it plays (the
 * element's own `timeupdate` fires only about four times a second, too coarse to follow word by
 * word) in steps of `STEP_S`, so that the report renders at most 20 times a second; and `seek`
 * to play from a moment.
 */
export function usePlayback() {
  const audio = useRef<HTMLAudioElement>(null);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function follow() {
      if (audio.current) setTime(Math.floor(audio.current.currentTime / STEP_S) * STEP_S);
      frame = requestAnimationFrame(follow);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  const seek = useCallback((seconds: number) => {
    const player = audio.current;
    if (!player) return;
    player.currentTime = seconds;
    setTime(seconds);
    void player.play().catch(() => undefined);
  }, []);

  /** Props for the `<audio>` element. */
  const bind = {
    ref: audio,
    onPlay: () => setPlaying(true),
    onPause: () => setPlaying(false),
    onEnded: () => setPlaying(false),
    onTimeUpdate: (event: React.SyntheticEvent<HTMLAudioElement>) =>
      setTime(event.currentTarget.currentTime),
  };
  return { bind, time, playing, seek };
}
