"use client";

import Link from "next/link";

import { reportHref } from "@/features/training";
import { formatDate, formatDateTime } from "@/lib/format";
import { Badge, ConfirmButton } from "@/ui";

import { useDeleteAssignment, type Assignment } from "../api";
import { attemptScore, STATUS, WEEKDAYS } from "../labels";

/** How often and against what an assignment counts as done, in words. */
function terms(assignment: Assignment): string {
  const parts = [
    assignment.recurrence === "weekly" && assignment.weekday != null
      ? `every ${WEEKDAYS[assignment.weekday]}`
      : null,
    assignment.passMark != null
      ? `pass mark ${assignment.passMark}${assignment.passOn === "rubric" ? " % of the rubric" : " overall"}`
      : "done when the scenario is passed",
  ];
  return parts.filter(Boolean).join(" · ");
}

function Attempts({ assignment }: { assignment: Assignment }) {
  const attempts = assignment.attempts;
  if (attempts.length === 0) {
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">No attempts yet.</p>;
  }
  return (
    <details className="text-xs" data-testid="attempts">
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
        {attempts.length} {attempts.length === 1 ? "attempt" : "attempts"}
      </summary>
      <ol className="mt-1 space-y-1 pl-4" aria-label="Attempts">
        {attempts.map((attempt) => (
          <li key={attempt.sessionId} className="flex flex-wrap items-center gap-2">
            <Link
              href={reportHref(attempt.sessionId)}
              className="text-brand-700 underline dark:text-brand-300"
            >
              {formatDateTime(attempt.at)}
            </Link>
            <span className="text-zinc-600 dark:text-zinc-400">{attemptScore(attempt)}</span>
            <Badge tone={attempt.passed ? "success" : "neutral"}>
              {attempt.passed ? "Passed" : "Not passed"}
            </Badge>
          </li>
        ))}
      </ol>
    </details>
  );
}

/**
 * Assignments with their status and attempts. `coach` shows who each one is for and lets it be
 * withdrawn; a salesperson sees their own.
 */
export function AssignmentList({ items, coach }: { items: readonly Assignment[]; coach: boolean }) {
  const remove = useDeleteAssignment();
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Assignments">
      {items.map((assignment) => {
        const status = STATUS[assignment.status];
        return (
          <li
            key={assignment.id}
            className="flex flex-wrap items-start justify-between gap-3 px-5 py-3"
            data-testid="assignment"
            data-status={assignment.status}
          >
            <div className="min-w-0 space-y-1">
              <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
                {coach && `${assignment.userName}: `}
                {assignment.scenarioTitle ?? "A scenario that no longer exists"}
              </p>
              <p className="text-xs text-zinc-500 dark:text-zinc-400">
                {assignment.dueAt ? `Due ${formatDate(assignment.dueAt)}` : "No due date"} ·{" "}
                {terms(assignment)}
                {!coach && assignment.assignedByName && ` · from ${assignment.assignedByName}`}
              </p>
              {assignment.note && (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{assignment.note}</p>
              )}
              <Attempts assignment={assignment} />
            </div>
            <div className="flex items-center gap-2">
              <Badge tone={status.tone}>{status.label}</Badge>
              {coach && (
                <ConfirmButton
                  variant="ghost"
                  // Withdrawing any week of a weekly series ends the series (the API's rule).
                  confirmLabel={
                    assignment.recurrence === "weekly" ? "Withdraw and stop weekly" : "Withdraw"
                  }
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate(assignment.id)}
                >
                  Withdraw
                </ConfirmButton>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
