"use client";

import { useRef, useState } from "react";

import { Alert } from "@/ui";
import { Section } from "@/ui/Section";

import type { Session } from "../api";
import { LoudnessChart, PaceChart } from "../components/charts";
import { FeedbackList } from "../components/FeedbackList";
import { TranscriptLegend, TranscriptView } from "../components/TranscriptView";
import { KeyMeasures } from "./KeyMeasures";
import { Rubric } from "./Rubric";
import { ScoreCards } from "./ScoreCards";
import { useRecordingUrl } from "./useRecordingUrl";

export function Report({ session }: { session: Session }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [time, setTime] = useState<number | undefined>(undefined);
  const recording = useRecordingUrl(session.id, session.hasAudio);
  const seek = recording.url
    ? (seconds: number) => {
        const player = audio.current;
        if (!player) return;
        player.currentTime = seconds;
        void player.play().catch(() => undefined);
      }
    : undefined;
  const duration = session.measures?.durationS ?? session.durationS ?? 0;
  const feedback = [...session.feedback].sort((a, b) => a.timestamp - b.timestamp);

  return (
    <div className="space-y-6">
      <ScoreCards session={session} />
      <Section
        id="recording"
        title="Recording"
        description="Click a word or a time in the transcript to hear that moment."
      >
        {recording.error ? (
          <Alert tone="warning">{recording.error}</Alert>
        ) : !session.hasAudio ? (
          <p className="text-sm text-zinc-500">No recording is stored for this session.</p>
        ) : (
          <audio
            ref={audio}
            controls
            src={recording.url ?? undefined}
            className="w-full"
            aria-label="Recording of the session"
            onTimeUpdate={(event) => setTime(event.currentTarget.currentTime)}
          />
        )}
      </Section>
      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="pace-chart" title="Pace" description="Words per minute, 30 s windows">
          <PaceChart points={session.timelines?.pace ?? []} duration={duration} />
        </Section>
        <Section id="loudness-chart" title="Loudness" description="Speaking level, dBFS per second">
          <LoudnessChart points={session.timelines?.loudness ?? []} duration={duration} />
        </Section>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Section id="transcript" title="Transcript" actions={<TranscriptLegend unsure />}>
          <TranscriptView
            words={session.words}
            unsure
            onSeek={seek}
            currentTime={time}
            emptyText="No words were recognised in the recording."
          />
        </Section>
        <div className="min-w-0 space-y-6">
          <Section id="feedback" title="Feedback" description="In the order it happened">
            <FeedbackList
              items={feedback}
              onSeek={seek}
              emptyText="No feedback for this session."
            />
          </Section>
          <Section id="rubric" title="Rubric" description={session.scenarioTitle ?? undefined}>
            <Rubric session={session} onSeek={seek} />
          </Section>
        </div>
      </div>
      {session.measures && (
        <Section id="measures" title="Key measures" description="What the scores are made of.">
          <KeyMeasures measures={session.measures} />
        </Section>
      )}
    </div>
  );
}
