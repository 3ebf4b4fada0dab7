"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";

import {
  clock,
  SCORE_TEXT,
  SCORES,
  scoreTone,
  SessionCell,
  useSessions,
} from "@/features/training";
import { formatDate, formatDateTime, plural } from "@/lib/format";
import {
  Badge,
  buttonClasses,
  Card,
  CardHeader,
  cx,
  EmptyState,
  ListLoading,
  PageHeader,
  QueryList,
  Section,
  Table,
  Td,
  Th,
} from "@/ui";
import { MicIcon } from "@/ui/icons";

import { MEMBERS_PAGE, useMembers, useTrends, type Member } from "../api";
import { MEASURES, STATUS, statusOf } from "../labels";
import { TEAM_HREF } from "../links";
import { TREND_SCORES, TrendSection, weeklyValues } from "./TrendSection";

const PAGE_SIZE = 20;

/** What the averages stand on: this person's sessions, or that they have not practised. */
function practiceSummary({ sessions, lastPracticeAt }: Member): string {
  if (sessions.total === 0 || !lastPracticeAt) return "No practice sessions yet.";
  const recent =
    sessions.days30 === 0
      ? "No practice in the last 30 days"
      : `Averages of ${plural(sessions.days30, "session")} in the last 30 days`;
  return `${recent} (${sessions.total} in all) · last practised ${formatDate(lastPracticeAt)}`;
}

/** The person's 30-day measures, each with its state against the target in words. */
function Summary({ member }: { member: Member }) {
  return (
    <Section id="person-measures" title="Measures" description={practiceSummary(member)}>
      <dl className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {MEASURES.map((measure) => {
          const value = member.measures[measure.key];
          const state = STATUS[statusOf(value, member.measureStatus[measure.key])];
          return (
            <div
              key={measure.key}
              className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
            >
              <dt className="text-xs text-zinc-500 dark:text-zinc-400">{measure.label}</dt>
              <dd className="mt-1 flex items-center justify-between gap-2">
                <span className="text-lg font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
                  {value == null ? "—" : measure.format(value)}
                </span>
                <Badge tone={state.tone}>
                  <span aria-hidden="true">{state.symbol}</span>
                  {state.label}
                </Badge>
              </dd>
            </div>
          );
        })}
      </dl>
      {member.certifications.length > 0 && (
        <p className="mt-4 text-sm text-zinc-700 dark:text-zinc-300">
          Certified: {member.certifications.map((cert) => cert.name).join(", ")}
        </p>
      )}
    </Section>
  );
}

function Sessions({ userId }: { userId: string }) {
  const [offset, setOffset] = useState(0);
  const sessions = useSessions({ userId, offset, limit: PAGE_SIZE });
  return (
    <Card aria-labelledby="person-sessions-title">
      <CardHeader
        titleId="person-sessions-title"
        title="Sessions"
        description="Newest first: open one for its report, recording and transcript."
      />
      <QueryList
        query={sessions}
        loadingLabel="Loading sessions…"
        emptyIcon={<MicIcon className="size-5" />}
        empty={{ title: "No sessions yet", description: "Nothing practised so far." }}
        pagination={{ offset, limit: PAGE_SIZE, onChange: setOffset, noun: "session" }}
      >
        {(items) => (
          <Table caption="Sessions">
            <thead>
              <tr>
                <Th>Session</Th>
                <Th>Date</Th>
                <Th>Length</Th>
                {SCORES.map((score) => (
                  <Th key={score.key} className="text-right">
                    {score.label}
                  </Th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((session) => (
                <tr key={session.id} data-testid="person-session-row">
                  <Td>
                    <SessionCell session={session} />
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(session.startedAt)}</Td>
                  <Td className="tabular-nums">
                    {session.durationS != null ? clock(session.durationS) : "—"}
                  </Td>
                  {SCORES.map((score) => {
                    const value = session.metrics?.[score.key] ?? null;
                    return (
                      <Td
                        key={score.key}
                        className={cx(
                          "text-right font-semibold tabular-nums",
                          SCORE_TEXT[scoreTone(value)],
                        )}
                      >
                        {value ?? "—"}
                      </Td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
    </Card>
  );
}

function Person({ userId }: { userId: string }) {
  const trends = useTrends(userId);
  // The dashboard's own query (same key): usually already loaded when coming from it.
  const members = useMembers({ period: "month", offset: 0, limit: MEMBERS_PAGE });
  const member = members.data?.items.find((row) => row.userId === userId);
  const name = member?.name ?? trends.data?.people[0]?.name ?? "Team member";

  return (
    <>
      <PageHeader
        title={name}
        description={member?.email}
        actions={
          <Link href={TEAM_HREF} className={buttonClasses("secondary", "sm")}>
            Back to team
          </Link>
        }
      />
      <div className="space-y-6">
        {member && <Summary member={member} />}
        <TrendSection
          id="person-trend"
          title="Scores week by week"
          description="The weekly average of each score over the last weeks."
          rowHeader="Score"
          plural="scores"
          emptyNote="A line appears for each score once one of their practice sessions is analysed."
          query={trends}
          series={(data) => {
            const person = data.people.find((p) => p.userId === userId);
            return person
              ? TREND_SCORES.map((score) => ({
                  id: score.value,
                  label: score.label,
                  values: weeklyValues(data.weeks, person, score.value),
                }))
              : [];
          }}
        />
        <Sessions userId={userId} />
      </div>
    </>
  );
}

function PersonScreen() {
  const id = useSearchParams().get("id");
  if (!id) {
    return (
      <>
        <PageHeader title="Team member" />
        <EmptyState
          title="No one chosen"
          action={
            <Link href={TEAM_HREF} className={buttonClasses("secondary", "sm")}>
              Back to team
            </Link>
          }
        >
          Open a person from the Team page.
        </EmptyState>
      </>
    );
  }
  return <Person userId={id} />;
}

/** A person's drill-down: their measures, weekly trend and sessions, each linking to its report. */
export function PersonPage() {
  return (
    <Suspense fallback={<ListLoading label="Loading…" />}>
      <PersonScreen />
    </Suspense>
  );
}
