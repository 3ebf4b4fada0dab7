"use client";

import { useMemo } from "react";

import { Alert } from "@/ui";
import { Section } from "@/ui/Section";

import type { Session } from "../api";
import { LoudnessChart, PaceChart } from "../components/charts";
import { FeedbackList } from "../components/FeedbackList";
import { TranscriptLegend, TranscriptView } from "../components/TranscriptView";
import { clock } from "../pace";
import { PACE_WINDOW_S } from "../targets";
import { CommentNote, Comments } from "./Comments";
import { useComments } from "./commentsApi";
import { ConversationReport } from "./ConversationReport";
import { KeyMeasures } from "./KeyMeasures";
import { Rubric } from "./Rubric";
import { ScoreCards } from "./ScoreCards";
import { Timeline } from "./Timeline";
import { usePlayback } from "./usePlayback";
import { useRecordingUrl } from "./useRecordingUrl";

export function Report({ session, mine }: { session: Session; mine: boolean }) {
  const player = usePlayback();
  const recording = useRecordingUrl(session.id, session.hasAudio);
  const seek = recording.url ? player.seek : undefined;
  const duration = session.measures?.durationS ?? session.durationS ?? 0;
  const comments = useComments(session.id).data ?? [];
  // What does not follow the player, built once rather than at each step of playback.
  const still = useMemo(
    () => ({
      charts: (
        <div className="grid gap-6 lg:grid-cols-2">
          <Section
            id="pace-chart"
            title="Pace"
            description={`Words per minute, ${PACE_WINDOW_S} s windows`}
          >
            <PaceChart points={session.timelines?.pace ?? []} duration={duration} />
          </Section>
          <Section
            id="loudness-chart"
            title="Loudness"
            description="Speaking level, dBFS per second"
          >
            <LoudnessChart points={session.timelines?.loudness ?? []} duration={duration} />
          </Section>
        </div>
      ),
      notes: (
        <>
          <Section id="feedback" title="Feedback" description="In the order it happened">
            <FeedbackList
              items={[...session.feedback].sort((a, b) => a.timestamp - b.timestamp)}
              onSeek={seek}
              emptyText="No feedback for this session."
            />
          </Section>
          <Section id="rubric" title="Rubric" description={session.scenarioTitle ?? undefined}>
            <Rubric session={session} onSeek={seek} />
          </Section>
        </>
      ),
      measures: session.measures && (
        <Section id="measures" title="Key measures" description="What the scores are made of.">
          <KeyMeasures measures={session.measures} />
        </Section>
      ),
    }),
    [session, duration, seek],
  );

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
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            No recording is stored for this session.
          </p>
        ) : (
          <div className="space-y-3">
            <audio
              {...player.bind}
              controls
              src={recording.url ?? undefined}
              className="w-full"
              aria-label="Recording of the session"
            />
            <Timeline
              duration={duration}
              time={player.time}
              onSeek={seek}
              markers={comments.map((comment) => ({
                id: comment.id,
                at: comment.atS,
                label: `Comment at ${clock(comment.atS)}: ${comment.body}`,
              }))}
            />
          </div>
        )}
      </Section>
      {session.turns && (
        <Section
          id="conversation"
          title="Conversation"
          description="The role-play turn by turn: click a time to hear that moment."
        >
          <ConversationReport
            turns={session.turns}
            talkRatio={session.measures?.talkRatio ?? null}
            patienceS={session.measures?.patienceS ?? null}
            onSeek={seek}
          />
        </Section>
      )}
      {still.charts}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Section id="transcript" title="Transcript" actions={<TranscriptLegend unsure />}>
          <TranscriptView
            words={session.words}
            unsure
            onSeek={seek}
            currentTime={recording.url ? player.time : undefined}
            emptyText="No words were recognised in the recording."
            annotate={(from, to) =>
              comments
                .filter((comment) => comment.atS >= from && comment.atS < to)
                .map((comment) => <CommentNote key={comment.id} comment={comment} onSeek={seek} />)
            }
          />
        </Section>
        <div className="min-w-0 space-y-6">
          <Section
            id="comments"
            title="Comments"
            description={mine ? "From your coach, at their moment" : "Coaching, at a moment"}
          >
            <Comments
              sessionId={session.id}
              comments={comments}
              mine={mine}
              time={player.time}
              onSeek={seek}
            />
          </Section>
          {still.notes}
        </div>
      </div>
      {still.measures}
    </div>
  );
}
