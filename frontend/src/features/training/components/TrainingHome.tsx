"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";

import { MODULES } from "@/app-shell/modules";
import { useUser } from "@/lib/auth/AuthProvider";
import { formatDate, formatDateTime } from "@/lib/format";
import {
  Badge,
  Button,
  buttonClasses,
  Card,
  CardHeader,
  ConfirmButton,
  ListLoading,
  PageHeader,
} from "@/ui";

import {
  trainingKeys,
  useAssignments,
  useDeleteSession,
  useSessions,
  type Assignment,
  type Session,
  type SessionSummary,
} from "../api";
import { ASSIGNMENTS_HREF, HISTORY_HREF, liveHref } from "../links";
import { LiveSession, sessionTitle } from "./LiveSession";
import { ScenarioPicker, type Choice } from "./ScenarioPicker";

const ROW = "flex flex-wrap items-center justify-between gap-3 px-5 py-3";

/** Sessions of mine that were started and not finished: continue or discard them. */
function UnfinishedSessions({ userId }: { userId: string }) {
  const active = useSessions({ userId, status: "active", limit: 5 });
  const paused = useSessions({ userId, status: "paused", limit: 5 });
  const remove = useDeleteSession();
  const sessions: SessionSummary[] = [...(active.data?.items ?? []), ...(paused.data?.items ?? [])];
  if (sessions.length === 0) return null;
  return (
    <Card aria-labelledby="unfinished-title">
      <CardHeader
        titleId="unfinished-title"
        title="Unfinished sessions"
        description="Everything recorded so far is saved: continue where you stopped, or discard."
      />
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {sessions.map((session) => (
          <li key={session.id} className={ROW}>
            <div className="min-w-0">
              <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
                {sessionTitle(session)}
              </p>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                Started {formatDateTime(session.startedAt)}
              </p>
            </div>
            <div className="flex items-center gap-2">
              <Badge tone={session.status === "paused" ? "warning" : "brand"}>
                {session.status === "paused" ? "Paused" : "Active"}
              </Badge>
              <Link href={liveHref(session.id)} className={buttonClasses("primary", "sm")}>
                Continue
              </Link>
              <ConfirmButton
                variant="ghost"
                confirmLabel="Discard"
                disabled={remove.isPending}
                onConfirm={() => remove.mutate(session.id)}
              >
                Discard
              </ConfirmButton>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** What a manager asked me to practise and I have not done yet. */
function MyAssignments({
  userId,
  onPractise,
}: {
  userId: string;
  onPractise: (assignment: Assignment) => void;
}) {
  const query = useAssignments(userId);
  const items = query.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card aria-labelledby="assignments-title">
      <CardHeader
        titleId="assignments-title"
        title="Assigned to you"
        description="Your manager asked you to practise these; one is done when an attempt passes."
        actions={
          <Link href={ASSIGNMENTS_HREF} className={buttonClasses("ghost", "sm")}>
            All assignments
          </Link>
        }
      />
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {items.map((assignment) => (
          <li key={assignment.id} className={ROW}>
            <div className="min-w-0 space-y-0.5">
              <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
                {assignment.scenarioTitle ?? "A scenario that no longer exists"}
              </p>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                {assignment.assignedByName ? `From ${assignment.assignedByName}` : "Assigned"}
                {assignment.dueAt && ` · due ${formatDate(assignment.dueAt)}`}
                {assignment.passMark != null && ` · pass mark ${assignment.passMark}`}
                {assignment.attempts.length > 0 &&
                  ` · ${assignment.attempts.length} ${assignment.attempts.length === 1 ? "attempt" : "attempts"} so far`}
              </p>
              {assignment.note && (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{assignment.note}</p>
              )}
            </div>
            <div className="flex items-center gap-2">
              {assignment.status === "overdue" && <Badge tone="danger">Overdue</Badge>}
              {assignment.scenarioTitle && (
                <Button size="sm" variant="secondary" onClick={() => onPractise(assignment)}>
                  Practise
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Training() {
  const me = useUser();
  const router = useRouter();
  const queryClient = useQueryClient();
  const sessionId = useSearchParams().get("session");
  const [choice, setChoice] = useState<Choice | null>(null);
  const [reveal, setReveal] = useState(0);
  // The session just started from this page records at once; one reopened later waits for a click.
  const [justStarted, setJustStarted] = useState<string | null>(null);

  if (sessionId) {
    // Keyed: another session starts from a fresh recorder and conversation.
    return (
      <LiveSession key={sessionId} sessionId={sessionId} autoStart={justStarted === sessionId} />
    );
  }

  const onStarted = (session: Session) => {
    queryClient.setQueryData(trainingKeys.session(session.id), session);
    void queryClient.invalidateQueries({ queryKey: trainingKeys.sessionLists });
    setJustStarted(session.id);
    router.push(liveHref(session.id));
  };

  return (
    <>
      <PageHeader
        title="Training"
        description={MODULES.training.description}
        actions={
          <Link href={HISTORY_HREF} className={buttonClasses("secondary", "sm")}>
            History and reports
          </Link>
        }
      />
      <div className="space-y-6">
        <UnfinishedSessions userId={me.id} />
        <MyAssignments
          userId={me.id}
          onPractise={(assignment) => {
            setChoice({
              type: assignment.sessionType ?? "pitch",
              scenarioId: assignment.scenarioId,
            });
            setReveal((count) => count + 1);
          }}
        />
        <ScenarioPicker
          choice={choice}
          onChoice={setChoice}
          onStarted={onStarted}
          reveal={reveal}
        />
      </div>
    </>
  );
}

export function TrainingHome() {
  return (
    <Suspense fallback={<ListLoading label="Loading…" />}>
      <Training />
    </Suspense>
  );
}
