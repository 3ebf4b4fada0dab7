"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";

import { useSocketLive } from "@/features/jobs";
import { useUser } from "@/lib/auth/AuthProvider";
import { formatDateTime } from "@/lib/format";
import {
  Alert,
  Badge,
  buttonClasses,
  ConfirmButton,
  EmptyState,
  ListError,
  ListLoading,
  PageHeader,
} from "@/ui";

import { analysing, useDeleteSession, useSession } from "../api";
import { sessionTitle } from "../components/LiveSession";
import { useAnalysisEvents } from "../hooks/useAnalysisEvents";
import { SESSION_TYPE_LABELS } from "../labels";
import { HISTORY_HREF, liveHref } from "../links";
import { clock } from "../pace";
import { AnalysisProgress } from "./AnalysisProgress";
import { Report } from "./Report";

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
        <ListError
          message={query.error.message}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
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
    body = <Report session={current} mine={mine} />;
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
