"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { getSocket, onSocketEvent, onSocketReconnect } from "@/lib/socket";

import { fetchTurnAudio, trainingKeys, type Session } from "../api";
import { speakInBrowser, stopBrowserVoice } from "../audio/voice";
import { isRecord } from "../events";
import {
  parseCustomerEvent,
  storedReplies,
  TURN_END_EVENT,
  type CustomerReply,
  type Turn,
} from "../roleplay";

/** A reply that has not finished this long after its expected length is taken as finished. */
const OVERRUN_MS = 2_000;
const ACK_TIMEOUT_MS = 10_000;
const NO_TURNS: Turn[] = [];

/**
 * Says one of the customer's lines: the server's recording of it, else the browser's voice, else
 * nothing (the text is on screen). Resolves once it has finished, or once it overran its length
 * (a voice that never reports its end must not keep the conversation waiting).
 */
function sayLine(player: () => HTMLAudioElement, sessionId: string, reply: CustomerReply) {
  return new Promise<void>((resolve) => {
    let url: string | null = null;
    const finish = () => {
      window.clearTimeout(watchdog);
      if (url) URL.revokeObjectURL(url);
      url = null;
      resolve();
    };
    const watchdog = window.setTimeout(finish, reply.durationS * 1000 + OVERRUN_MS);
    const play = async () => {
      if (reply.audioUrl) url = await fetchTurnAudio(sessionId, reply.turn).catch(() => null);
      if (url) {
        const audio = player();
        audio.onended = finish;
        audio.onerror = finish;
        audio.src = url;
        const blocked = await audio.play().catch(() => true);
        if (!blocked) return;
      }
      // No recording, or the browser would not play it: the browser's voice.
      if (!speakInBrowser(reply.text, finish)) finish();
    };
    void play();
  });
}

export interface Roleplay {
  /** The turns stored when the session was last read (the customer's opening line at least). */
  stored: Turn[];
  /** Every line of the customer's so far, stored or just received, in order. */
  replies: CustomerReply[];
  /** The customer's voice is playing: the microphone is not listened to. */
  speaking: boolean;
  /** The salesperson said they are done; the customer's reply is on its way. */
  waiting: boolean;
  /** The last reply, once the conversation is over. */
  ended: CustomerReply | null;
  /** "Done speaking": the customer answers now rather than after a silence. */
  endTurn: () => void;
  /** Why "Done speaking" was refused (the customer has the turn, the connection is down...). */
  error: string | null;
}

/**
 * The customer's side of a role-play: the stored lines, then each `training.customer` reply,
 * spoken one after another (the server's voice, else the browser's). The customer's opening
 * line plays when the recording starts. The microphone keeps streaming: the server does not
 * listen to it while the customer speaks (docs/training-live.md).
 */
export function useRoleplay(session: Session | undefined, recording: boolean): Roleplay {
  const queryClient = useQueryClient();
  const sessionId = session?.id ?? "";
  const enabled = session?.mode === "roleplay";
  const stored = session?.turns ?? NO_TURNS;
  const [received, setReceived] = useState<CustomerReply[]>([]);
  const [speaking, setSpeaking] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const queue = useRef<CustomerReply[]>([]);
  const playing = useRef(false);
  const heard = useRef(new Set<number>());
  const opened = useRef(false);
  const audio = useRef<HTMLAudioElement | null>(null);
  /** How much of the session was recorded before this page. */
  const recordedS = session?.liveSeconds ?? 0;

  const say = useCallback(
    async (reply: CustomerReply) => {
      queue.current.push(reply);
      if (playing.current) return;
      playing.current = true;
      setSpeaking(true);
      for (let next = queue.current.shift(); next; next = queue.current.shift()) {
        await sayLine(() => (audio.current ??= new Audio()), sessionId, next);
      }
      playing.current = false;
      setSpeaking(false);
    },
    [sessionId],
  );

  useEffect(() => {
    if (!enabled) return;
    const unsubscribe = onSocketEvent((name, data) => {
      const reply = parseCustomerEvent(name, data, sessionId);
      // A reply sent again (after a reconnect) is neither listed nor spoken twice.
      if (!reply || heard.current.has(reply.turn)) return;
      heard.current.add(reply.turn);
      setWaiting(false);
      setReceived((before) => [...before, reply]);
      void say(reply);
    });
    // Replies sent while the connection was down are lost: the stored turns have them.
    const unwatch = onSocketReconnect(
      () => void queryClient.invalidateQueries({ queryKey: trainingKeys.session(sessionId) }),
    );
    return () => {
      unsubscribe();
      unwatch();
    };
  }, [enabled, sessionId, say, queryClient]);

  // The customer speaks first: their opening line (or a last line not yet heard, after a reload)
  // plays as the recording starts.
  useEffect(() => {
    if (!enabled || !recording || opened.current) return;
    opened.current = true;
    const last = storedReplies(stored).at(-1);
    if (last && !last.final && last.start + last.durationS > recordedS) void say(last);
  }, [enabled, recording, stored, recordedS, say]);

  useEffect(
    () => () => {
      queue.current = [];
      audio.current?.pause();
      stopBrowserVoice();
    },
    [],
  );

  const replies = useMemo(() => {
    const known = storedReplies(stored);
    const later = received.filter((reply) => !known.some((each) => each.turn === reply.turn));
    return [...known, ...later].sort((a, b) => a.turn - b.turn);
  }, [stored, received]);
  const ended = replies.find((reply) => reply.final) ?? null;

  const endTurn = useCallback(() => {
    const refused = (message: string) => {
      setWaiting(false);
      setError(message);
    };
    const socket = getSocket();
    if (!socket?.connected) {
      refused("The connection to the server is down: pause for a moment instead.");
      return;
    }
    setError(null);
    setWaiting(true);
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit(TURN_END_EVENT, { sessionId }, (failure: Error | null, answer?: unknown) => {
        if (failure) refused("The server did not answer: pause for a moment instead.");
        else if (!isRecord(answer) || answer.ok !== true) {
          const message = isRecord(answer) ? answer.message : null;
          refused(typeof message === "string" ? message : "The turn could not be ended.");
        }
      });
  }, [sessionId]);

  return { stored, replies, speaking, waiting: waiting && !ended, ended, endTurn, error };
}
