"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useRef, useState } from "react";

import { CheckIcon, CloseIcon } from "@/components/icons";
import { ProgressBar } from "@/components/images/ProgressBar";
import { useSocketLive } from "@/components/images/useJobs";
import {
  Alert,
  Badge,
  buttonClasses,
  Card,
  ConfirmButton,
  cx,
  EmptyState,
  ListError,
  ListLoading,
  PageHeader,
} from "@/components/ui";
import { useUser } from "@/lib/auth/AuthProvider";
import { formatDateTime } from "@/lib/format";

import {
  analysing,
  fetchRecording,
  sessionCalls,
  useDeleteSession,
  useSession,
  type Measures,
  type Session,
} from "./api";
import { LoudnessChart, PaceChart } from "./charts";
import { FeedbackList } from "./FeedbackList";
import { SCORE_TEXT, SCORES, scoreTone, SESSION_TYPE_LABELS } from "./labels";
import { HISTORY_HREF, liveHref } from "./links";
import { sessionTitle } from "./LiveSession";
import { clock } from "./pace";
import { Section } from "./Section";
import { TimeStamp } from "./TimeStamp";
import { TranscriptLegend, TranscriptView } from "./TranscriptView";
import { useAnalysisEvents } from "./useAnalysisEvents";

function ScoreCards({ session }: { session: Session }) {
  return (
    <ul className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Scores">
      {SCORES.map((score) => {
        const value = session.metrics?.[score.key] ?? null;
        const tone = scoreTone(value);
        // What the number means for this session (built with the report); reports from before
        // captions existed fall back to what the score measures.
        const caption = session.metrics?.captions?.[score.key] ?? score.description;
        return (
          <li key={score.key} data-testid={`score-${score.key}`}>
            <Card as="div" className="h-full p-4">
              <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{score.label}</p>
              <p className={cx("mt-1 text-3xl font-semibold tabular-nums", SCORE_TEXT[tone])}>
                {value ?? "—"}
                {value !== null && (
                  <span className="text-sm font-normal text-zinc-400"> / 100</span>
                )}
              </p>
              <p
                className="mt-1 text-xs text-zinc-500 dark:text-zinc-400"
                data-testid={`score-${score.key}-caption`}
              >
                {value === null ? "Too little speech to judge." : caption}
              </p>
            </Card>
          </li>
        );
      })}
    </ul>
  );
}

const one = (value: number | null | undefined, unit = "", digits = 0) =>
  value == null ? "—" : `${value.toFixed(digits)}${unit}`;

/** The raw measures behind the scores, as a definition list. */
function KeyMeasures({ measures }: { measures: Measures }) {
  const rows: { label: string; value: string; hint?: string }[] = [
    { label: "Words per minute", value: one(measures.wordsPerMinute), hint: "target 140-160" },
    {
      label: "Fillers per 100 words",
      value: one(measures.fillersPer100Words, "", 1),
      hint: `${measures.fillerCount} in all, ${measures.hesitationCount} um/uh`,
    },
    {
      label: "Hedges per 100 words",
      value: one(measures.hedgesPer100Words, "", 1),
      hint: `${measures.hedgeCount} in all`,
    },
    { label: "Questions asked", value: String(measures.questionCount) },
    { label: "Longest monologue", value: clock(measures.longestMonologueS) },
    {
      label: "Longest pause",
      value: one(measures.longestPauseS, " s", 1),
      hint: `${measures.pauseCount} pauses`,
    },
    {
      label: "Pitch variation",
      value: one(measures.pitchSdSemitones, " st", 1),
      hint: measures.monotone ? "monotone" : measures.monotone === false ? "lively" : undefined,
    },
    {
      label: "Loudness",
      value: one(measures.speechDbfs, " dBFS"),
      hint: measures.loudnessLufs != null ? `${measures.loudnessLufs.toFixed(0)} LUFS` : undefined,
    },
    { label: "Signal to noise", value: one(measures.snrDb, " dB") },
    { label: "Articulation rate", value: one(measures.articulationRate, " syl/s", 1) },
    { label: "Talk time", value: clock(measures.talkTimeS), hint: `${measures.wordCount} words` },
    {
      label: "Clipping",
      value: `${measures.clippedPercent.toFixed(2)} %`,
      hint: "of samples at full scale",
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" data-testid="measures">
      {rows.map((row) => (
        <div
          key={row.label}
          className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
        >
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{row.label}</dt>
          <dd className="text-base font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
            {row.value}
          </dd>
          {row.hint && <dd className="text-xs text-zinc-500 dark:text-zinc-400">{row.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}

/** A new session of the same scenario, for a report with items to work on. */
function PractiseAgain({ scenarioId }: { scenarioId: string }) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "starting" | "failed">("idle");
  const start = async () => {
    setState("starting");
    try {
      const next = await sessionCalls.create({ scenarioId });
      router.push(liveHref(next.id));
    } catch {
      setState("failed");
    }
  };
  return (
    <p className="flex items-center gap-3">
      <button
        type="button"
        className={buttonClasses("secondary", "sm")}
        disabled={state === "starting"}
        onClick={() => void start()}
      >
        Practise this again
      </button>
      {state === "failed" && (
        <span className="text-xs text-red-600 dark:text-red-400">
          The session could not be started; try again.
        </span>
      )}
    </p>
  );
}

function Rubric({ session, onSeek }: { session: Session; onSeek?: (t: number) => void }) {
  if (session.rubric.length === 0) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        {session.scenario ? "This scenario has no rubric." : "Free practice has no rubric."}
      </p>
    );
  }
  const passed = session.rubric.filter((item) => item.passed).length;
  const judgement = session.judgement;
  return (
    <div className="space-y-3">
      {judgement && (
        <div data-testid="overall" className="space-y-1">
          <p className="flex items-center gap-2 text-sm text-zinc-900 dark:text-zinc-100">
            <span className="text-2xl font-semibold tabular-nums">{judgement.overall}</span>
            <span>/ 100 overall</span>
            <Badge tone={judgement.passed ? "success" : "danger"}>
              {judgement.passed ? "Passed" : "Not passed"}
            </Badge>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              pass mark {judgement.passMark}; content {judgement.content}
              {judgement.delivery !== null && `, delivery ${judgement.delivery}`}
            </span>
          </p>
          <ul className="list-disc pl-5 text-xs text-zinc-500 dark:text-zinc-400">
            {judgement.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {passed} of {session.rubric.length} done
      </p>
      <ul className="space-y-2" aria-label="Rubric">
        {session.rubric.map((item) => (
          <li
            key={item.id}
            className="flex gap-3"
            data-testid="rubric-item"
            data-passed={item.passed}
          >
            <span
              className={cx(
                "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full",
                item.passed
                  ? "bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300"
                  : "bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400",
              )}
            >
              {item.passed ? (
                <CheckIcon className="size-3.5" />
              ) : (
                <CloseIcon className="size-3.5" />
              )}
            </span>
            <div className="min-w-0 text-sm">
              <p className="text-zinc-900 dark:text-zinc-100">
                <span className="sr-only">{item.passed ? "Done: " : "Missing: "}</span>
                {item.label}
              </p>
              {item.evidence && (
                <p className="text-zinc-500 dark:text-zinc-400">
                  “{item.evidence}”
                  {item.timestamp !== null && onSeek && (
                    <TimeStamp seconds={item.timestamp} onSeek={onSeek} className="ml-2" />
                  )}
                </p>
              )}
              {item.reason && !item.passed && (
                <p className="text-xs text-zinc-500 dark:text-zinc-400">{item.reason}</p>
              )}
              {item.modelAnswer && !item.passed && (
                <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="model-answer">
                  Try: “{item.modelAnswer}”
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
      {session.scenarioId && passed < session.rubric.length && (
        <PractiseAgain scenarioId={session.scenarioId} />
      )}
    </div>
  );
}

/** The recording as an object URL: the audio endpoint needs the Authorization header. */
function useRecordingUrl(sessionId: string, enabled: boolean) {
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

function AnalysisProgress({ session }: { session: Session }) {
  const analysis = session.analysis!;
  const queued = analysis.status === "pending";
  return (
    <Card className="p-6" data-testid="analysis-progress">
      <div className="space-y-3">
        <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
          {queued ? "Waiting for a worker to analyse the recording…" : "Analysing the recording…"}
        </p>
        <ProgressBar value={analysis.progress} label="Analysis progress" />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          The whole recording is transcribed again, word by word, then measured and scored. This
          page updates by itself.
        </p>
      </div>
    </Card>
  );
}

function Report({ session }: { session: Session }) {
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

function ReportScreen() {
  const me = useUser();
  const router = useRouter();
  const id = useSearchParams().get("id");
  const live = useSocketLive();
  // Job events reach the owner's room only: anyone else, or anyone offline, polls instead.
  const query = useSession(id, {
    poll: (session) => analysing(session) && (!live || session.userId !== me.id),
  });
  const session = query.data;
  const running = session ? analysing(session) : false;
  const mine = session?.userId === me.id;
  useAnalysisEvents(id ?? "", running ? (session?.analysis?.jobId ?? null) : null);
  const remove = useDeleteSession(() => router.replace(HISTORY_HREF));

  const history = (
    <Link href={HISTORY_HREF} className={buttonClasses("secondary", "sm")}>
      All sessions
    </Link>
  );
  if (!id) {
    return (
      <>
        <PageHeader title="Session report" actions={history} />
        <EmptyState title="No session chosen">Open a report from your history.</EmptyState>
      </>
    );
  }
  if (query.isPending) return <ListLoading label="Loading the report…" />;
  if (query.isError) {
    return (
      <>
        <PageHeader title="Session report" actions={history} />
        <ListError message={query.error.message} onRetry={() => void query.refetch()} />
      </>
    );
  }
  const current = query.data;
  const canDelete = mine || me.role === "admin";
  const meta = [
    !mine && current.userName,
    SESSION_TYPE_LABELS[current.sessionType],
    formatDateTime(current.startedAt),
    current.durationS != null && clock(current.durationS),
    current.source === "upload" && "uploaded recording",
  ].filter(Boolean);

  let body: React.ReactNode;
  if (current.status !== "completed") {
    body = (
      <Alert tone="info" title="This session is not finished yet">
        {mine ? (
          <Link href={liveHref(current.id)} className="font-medium underline">
            Continue recording
          </Link>
        ) : (
          "Its report appears once it is finished."
        )}
      </Alert>
    );
  } else if (running) {
    body = <AnalysisProgress session={current} />;
  } else if (current.analysis?.status === "failed" || current.analysis?.status === "canceled") {
    body = (
      <Alert tone="error" title="The analysis failed">
        {current.analysis.error ?? "The recording could not be analysed."}
      </Alert>
    );
  } else {
    body = <Report session={current} />;
  }

  return (
    <>
      <PageHeader
        title={sessionTitle(current)}
        description={meta.join(" · ")}
        actions={
          <>
            {current.status === "completed" && !running && (
              <Badge tone={current.analysis?.status === "completed" ? "success" : "neutral"}>
                {current.analysis?.status === "completed" ? "Analysed" : "Not analysed"}
              </Badge>
            )}
            {history}
            {canDelete && (
              <ConfirmButton
                variant="ghost"
                confirmLabel="Delete session"
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(current.id)}
              >
                Delete
              </ConfirmButton>
            )}
          </>
        }
      />
      {body}
    </>
  );
}

export function SessionReport() {
  return (
    <Suspense fallback={<ListLoading label="Loading…" />}>
      <ReportScreen />
    </Suspense>
  );
}
