"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { useUser } from "@/lib/auth/AuthProvider";
import { Alert, buttonClasses, ConfirmButton, ListError, ListLoading, PageHeader } from "@/ui";
import { Section } from "@/ui/Section";

import { trainingKeys, useDeleteSession, useSession, type Session } from "../api";
import { useLiveEvents } from "../hooks/useLiveEvents";
import type { RecorderPhase } from "../hooks/useRecorder";
import { useRoleplay } from "../hooks/useRoleplay";
import { SESSION_TYPE_LABELS } from "../labels";
import { reportHref } from "../links";
import { FeedbackList } from "./FeedbackList";
import { RoleplayPanel } from "./RoleplayPanel";
import { ScenarioBrief } from "./ScenarioBrief";
import { TranscriptLegend, TranscriptView } from "./TranscriptView";
import { VoiceRecorder } from "./VoiceRecorder";

export function sessionTitle(session: Pick<Session, "scenarioTitle" | "sessionType">): string {
  return session.scenarioTitle ?? `Free practice: ${SESSION_TYPE_LABELS[session.sessionType]}`;
}

/** A session being recorded: the scenario, the recorder, and the live transcript and feedback. */
export function LiveSession({ sessionId, autoStart }: { sessionId: string; autoStart: boolean }) {
  const me = useUser();
  const router = useRouter();
  const queryClient = useQueryClient();
  const query = useSession(sessionId);
  const live = useLiveEvents(sessionId);
  const remove = useDeleteSession(() => router.replace("/training/"));
  const completed = query.data?.status === "completed";
  const roleplaying = query.data?.mode === "roleplay";
  const [phase, setPhase] = useState<RecorderPhase>("ready");
  const roleplay = useRoleplay(query.data, phase === "recording");

  useEffect(() => {
    if (completed) router.replace(reportHref(sessionId));
  }, [completed, router, sessionId]);

  if (query.isPending) return <ListLoading label="Loading the session…" />;
  if (query.isError) {
    return (
      <>
        <PageHeader title="Training" />
        <ListError
          message={query.error.message}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
        <Link href="/training/" className={buttonClasses("secondary", "sm", "ml-5")}>
          Choose another scenario
        </Link>
      </>
    );
  }
  const session = query.data;
  if (completed) return <ListLoading label="Opening the report…" />;

  const onCompleted = (done: Session) => {
    queryClient.setQueryData(trainingKeys.session(done.id), done);
    void queryClient.invalidateQueries({ queryKey: trainingKeys.sessionLists });
    router.push(reportHref(done.id));
  };
  const fillerTotal = live.words.filter((word) => word.filler).length;
  const mine = session.userId === me.id;

  return (
    <>
      <PageHeader
        title={sessionTitle(session)}
        description={`${SESSION_TYPE_LABELS[session.sessionType]} ${roleplaying ? "role-play" : "practice"}`}
        actions={
          mine && (
            <ConfirmButton
              variant="ghost"
              confirmLabel="Discard this session"
              disabled={remove.isPending}
              onConfirm={() => remove.mutate(session.id)}
            >
              Discard
            </ConfirmButton>
          )
        }
      />
      {!mine ? (
        <Alert tone="info" title={`This session belongs to ${session.userName}`}>
          Only they can record it. Its report appears in the history once they finish.
        </Alert>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="min-w-0 space-y-6">
            <VoiceRecorder
              session={session}
              metrics={live.metrics}
              fillerTotal={fillerTotal}
              autoStart={autoStart}
              onCompleted={onCompleted}
              onPhase={setPhase}
              customerSpeaking={roleplay.speaking}
            />
            {roleplaying ? (
              <RoleplayPanel
                roleplay={roleplay}
                words={live.words}
                recording={phase === "recording"}
              />
            ) : (
              <Section
                id="live-transcript"
                title="Live transcript"
                description="A quick transcription as you talk; the report transcribes again, more carefully."
                actions={<TranscriptLegend />}
              >
                <TranscriptView
                  words={live.words}
                  emptyText="Your words appear here a moment after you say them."
                />
              </Section>
            )}
          </div>
          <div className="min-w-0 space-y-6">
            <Section id="live-feedback" title="Coaching">
              <FeedbackList
                items={live.feedback}
                live
                emptyText="Tips appear here while you speak: pace, fillers, long monologues."
              />
            </Section>
            <Section id="scenario" title="Scenario">
              {session.scenario ? (
                // In a role-play the customer speaks for themselves: no lines to play here.
                <ScenarioBrief scenario={session.scenario} speak={!roleplaying} />
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  Free practice: no script and no rubric. Say it the way you would on the lot.
                </p>
              )}
            </Section>
          </div>
        </div>
      )}
    </>
  );
}
