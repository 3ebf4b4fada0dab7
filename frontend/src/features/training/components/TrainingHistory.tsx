"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";

import { useVisibleUsers } from "@/lib/api/queries";
import { useUser } from "@/lib/auth/AuthProvider";
import { hasRole, MANAGERS } from "@/lib/auth/roles";
import { displayName, formatDateTime } from "@/lib/format";
import {
  Badge,
  buttonClasses,
  Card,
  CardHeader,
  cx,
  FilterBar,
  ListError,
  ListLoading,
  PageHeader,
  QueryList,
  SelectFilter,
  Table,
  Td,
  Th,
} from "@/ui";
import { MicIcon } from "@/ui/icons";
import { Section } from "@/ui/Section";

import { analysing, useSessions, type SessionSummary } from "../api";
import { SCORE_TEXT, SCORES, scoreTone, type ScoreKey } from "../labels";
import { HISTORY_HREF } from "../links";
import { clock } from "../pace";
import { TeamTrendChart, TrendChart } from "./charts";
import { SessionCell } from "./SessionCell";

const PAGE_SIZE = 20;
/** The trend chart plots this many of the latest analysed sessions. */
const TREND_SIZE = 100;
const EVERYONE = "";
// The person shown travels in the address (?person=<id>, or "all"), so that going back from a
// session report shows the same person again.
const PERSON_PARAM = "person";
const ALL = "all";

function statusBadge(session: SessionSummary) {
  if (session.status !== "completed") {
    return <Badge tone="brand">{session.status === "paused" ? "Paused" : "In progress"}</Badge>;
  }
  switch (session.analysis?.status) {
    case "completed":
      return null;
    case "pending":
    case "processing":
      return <Badge tone="brand">Analysing {session.analysis.progress} %</Badge>;
    case "failed":
      return <Badge tone="danger">Analysis failed</Badge>;
    default:
      return <Badge>Not analysed</Badge>;
  }
}

function Scores({ session }: { session: SessionSummary }) {
  if (!session.metrics) return statusBadge(session);
  return (
    <ul className="flex gap-3 tabular-nums" aria-label="Scores">
      {SCORES.map((score) => {
        const value = session.metrics?.[score.key] ?? null;
        return (
          <li key={score.key} className="text-xs">
            <span className="text-zinc-500 dark:text-zinc-400">{score.label} </span>
            <span className={cx("font-semibold", SCORE_TEXT[scoreTone(value)])}>
              {value ?? "—"}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export function TrainingHistory() {
  return (
    <Suspense fallback={<ListLoading label="Loading…" />}>
      <HistoryScreen />
    </Suspense>
  );
}

function HistoryScreen() {
  const me = useUser();
  const router = useRouter();
  const coach = hasRole(me.role, MANAGERS);
  const team = useVisibleUsers(coach);
  const person = useSearchParams().get(PERSON_PARAM);
  const userId = !coach || !person ? me.id : person === ALL ? EVERYONE : person;
  const setUserId = (value: string) => {
    const shown = value === me.id ? "" : `?${PERSON_PARAM}=${value === EVERYONE ? ALL : value}`;
    router.replace(`${HISTORY_HREF}${shown}`, { scroll: false });
  };
  const [score, setScore] = useState<ScoreKey>("confidence");
  const [offset, setOffset] = useState(0);
  const who = userId === EVERYONE ? {} : { userId };
  const pollIfAnalysing = {
    poll: (page: { items: SessionSummary[] }) => page.items.some(analysing),
  };
  const list = useSessions({ ...who, offset, limit: PAGE_SIZE }, pollIfAnalysing);
  const trend = useSessions({ ...who, status: "completed", limit: TREND_SIZE }, pollIfAnalysing);
  const everyone = userId === EVERYONE;

  const people = (team.data?.items ?? []).filter((user) => user.id !== me.id);
  const options = [
    { value: me.id, label: "My sessions" },
    { value: EVERYONE, label: me.role === "admin" ? "Everyone" : "Me and my team" },
    ...people.map((user) => ({ value: user.id, label: displayName(user) })),
  ];
  const chosen = options.find((option) => option.value === userId)?.label ?? "";

  return (
    <>
      <PageHeader
        title="Training history"
        description={
          coach
            ? "Sessions and scores over time, yours and your team's."
            : "Your sessions and how your scores move over time."
        }
        actions={
          <>
            {coach && (
              <SelectFilter
                id="history-person"
                label="Whose sessions"
                value={userId}
                onValue={(value) => {
                  setUserId(value);
                  setOffset(0);
                }}
                options={options}
              />
            )}
            <Link href="/training/" className={buttonClasses("primary", "sm")}>
              <MicIcon className="size-4" />
              Practise
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        <Section
          id="trend"
          title="Scores over time"
          description={
            everyone
              ? "One line per person. Pick a person to see all four scores."
              : userId === me.id
                ? "Your analysed sessions, oldest to newest."
                : `${chosen}'s analysed sessions, oldest to newest.`
          }
        >
          {trend.isPending ? (
            <ListLoading label="Loading scores…" />
          ) : trend.isError ? (
            <ListError message={trend.error.message} onRetry={() => void trend.refetch()} />
          ) : everyone ? (
            <>
              <FilterBar>
                <SelectFilter
                  id="history-score"
                  label="Score"
                  value={score}
                  onValue={setScore}
                  options={SCORES.map((each) => ({ value: each.key, label: each.label }))}
                />
              </FilterBar>
              <TeamTrendChart sessions={trend.data.items} score={score} />
            </>
          ) : (
            <TrendChart sessions={trend.data.items} />
          )}
        </Section>
        <Card aria-labelledby="sessions-title">
          <CardHeader titleId="sessions-title" title="Sessions" description="Newest first" />
          {team.isError && (
            <FilterBar>
              <span className="text-sm text-red-600 dark:text-red-400">
                Your team could not be loaded: {team.error.message}
              </span>
            </FilterBar>
          )}
          <QueryList
            query={list}
            loadingLabel="Loading sessions…"
            emptyIcon={<MicIcon className="size-5" />}
            empty={
              userId === me.id
                ? {
                    title: "No sessions yet",
                    description: "Practise a pitch, an objection or a close: it appears here.",
                  }
                : { title: "No sessions", description: "Nothing recorded yet." }
            }
            pagination={{ offset, limit: PAGE_SIZE, onChange: setOffset, noun: "session" }}
          >
            {(sessions) => (
              <Table caption="Training sessions">
                <thead>
                  <tr>
                    <Th>Session</Th>
                    {userId !== me.id && <Th>Person</Th>}
                    <Th>Date</Th>
                    <Th>Length</Th>
                    <Th>Scores</Th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.map((session) => (
                    <tr key={session.id} data-testid="session-row">
                      <Td>
                        <SessionCell session={session} />
                      </Td>
                      {userId !== me.id && <Td>{session.userName}</Td>}
                      <Td className="whitespace-nowrap">{formatDateTime(session.startedAt)}</Td>
                      <Td className="tabular-nums">
                        {session.durationS != null ? clock(session.durationS) : "—"}
                      </Td>
                      <Td>
                        <Scores session={session} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </QueryList>
        </Card>
      </div>
    </>
  );
}
