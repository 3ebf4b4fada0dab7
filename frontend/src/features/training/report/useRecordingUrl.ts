"use client";

import { useEffect, useState } from "react";

import { fetchRecording } from "../api";

/** The recording as an object URL: the audio endpoint needs the Authorization header. */
export function useRecordingUrl(sessionId: string, enabled: boolean) {
  const [state, setState] = useState<{ url: string | null; error: string | null }>({
    url: null,
    error: null,
  });
  useEffect(() => {
    if (!enabled) return;
    let url: string | null = null;
    let cancelled = false;
    fetchRecording(sessionId).then(
      (made) => {
        if (cancelled) URL.revokeObjectURL(made);
        else {
          url = made;
          setState({ url: made, error: null });
        }
      },
      (error: Error) => !cancelled && setState({ url: null, error: error.message }),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [sessionId, enabled]);
  return state;
}
