"use client";

import Link from "next/link";
import { useState } from "react";

import { useUser } from "@/lib/auth/AuthProvider";
import {
  Alert,
  Card,
  CardHeader,
  ChartSection,
  DownloadButton,
  EmptyState,
  ListError,
  ListLoading,
  PageHeader,
  QueryList,
  SelectFilter,
} from "@/ui";
import { UsersIcon } from "@/ui/icons";

import {
  downloadTeamFile,
  MEMBERS_PAGE,
  useDistribution,
  useMembers,
  useTrends,
  type Histogram,
  type Period,
  type PersonTrend,
} from "../api";
import { PERIODS } from "../labels";
import { HistogramChart, HistogramTable } from "./charts";
import { HeatMap } from "./HeatMap";
import { Leaderboard } from "./Leaderboard";
import { MembersTable } from "./MembersTable";
import { TREND_SCORES, TrendSection, weeklyValues, type TrendScore } from "./TrendSection";

/** The trend chart draws this many people at most (the most active); its table lists everyone. */
const MAX_LINES = 10;

/** Sessions over the trend's weeks. */
const practised = (person: PersonTrend) =>
  person.points.reduce((sum, point) => sum + point.sessions, 0);

function DistributionSection({
  id,
  title,
  unit,
  histogram,
}: {
  id: string;
  title: string;
  unit: string;
  histogram: Histogram;
}) {
  const label = `${title}: sessions per range of ${unit}, target ${histogram.target.low} to ${histogram.target.high}`;
  const none = histogram.bins.every((bin) => bin.count === 0) && (
    <EmptyState title="No analysed sessions in this period">
      The bars count the team’s practice sessions once they are analysed.
    </EmptyState>
  );
  return (
    <ChartSection
      id={id}
      title={title}
      description={`Sessions by ${unit}; the target band is shaded.`}
      chart={none || <HistogramChart histogram={histogram} unit={unit} label={label} />}
      table={<HistogramTable histogram={histogram} unit={unit} caption={title} />}
    />
  );
}

function Distributions({ period }: { period: Period }) {
  const distribution = useDistribution(period);
  if (distribution.isPending) return <ListLoading label="Loading the distributions…" />;
  if (distribution.isError)
    return (
      <ListError message={distribution.error.message} onRetry={() => void distribution.refetch()} />
    );
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <DistributionSection
        id="pace-distribution"
        title="Pace"
        unit="words per minute"
        histogram={distribution.data.wordsPerMinute}
      />
      <DistributionSection
        id="fillers-distribution"
        title="Fillers"
        unit="fillers per 100 words"
        histogram={distribution.data.fillersPer100}
      />
    </div>
  );
}

/** The manager's and admin's Team page: who practises, who improves, and where each is weak. */
export function TeamDashboard() {
  const me = useUser();
  const [period, setPeriod] = useState<Period>("month");
  const [offset, setOffset] = useState(0);
  const [score, setScore] = useState<TrendScore>("overall");
  const members = useMembers({ period, offset, limit: MEMBERS_PAGE });
  const trends = useTrends();
  const scoreLabel = TREND_SCORES.find((s) => s.value === score)?.label ?? "";

  return (
    <>
      <PageHeader
        title="Team"
        description={
          me.role === "admin"
            ? "Every active salesperson in your dealership: practice, scores and where each stands."
            : "The active salespeople you coach: practice, scores and where each stands."
        }
        actions={
          <>
            <SelectFilter
              id="team-period"
              label="Averages over"
              value={period}
              onValue={(value) => {
                setPeriod(value);
                setOffset(0);
              }}
              options={PERIODS}
            />
            <DownloadButton download={() => downloadTeamFile("csv")}>Export CSV</DownloadButton>
            <DownloadButton download={() => downloadTeamFile("pdf")}>PDF report</DownloadButton>
          </>
        }
      />
      <div className="space-y-6">
        {me.role === "admin" && (
          <Alert tone="info">
            To invite people, change roles or deactivate accounts, go to{" "}
            <Link href="/admin/users/" className="font-medium underline">
              Admin → Users
            </Link>
            .
          </Alert>
        )}
        <Card aria-labelledby="members-title">
          <CardHeader
            titleId="members-title"
            title="Members"
            description="Scores are averages over the period; the small figure is the change against the period before. Click a heading to sort."
          />
          <QueryList
            query={members}
            loadingLabel="Loading your team…"
            emptyIcon={<UsersIcon className="size-5" />}
            empty={{
              title: "No one on your team yet",
              description:
                "Salespeople assigned to you appear here. An admin can invite people and assign them to you.",
            }}
            pagination={{
              offset,
              limit: MEMBERS_PAGE,
              onChange: setOffset,
              noun: ["salesperson", "salespeople"],
            }}
          >
            {(items) => <MembersTable members={items} />}
          </QueryList>
        </Card>
        {members.data && members.data.items.length > 0 && (
          <Card aria-labelledby="heatmap-title">
            <CardHeader
              titleId="heatmap-title"
              title="Skills heat map"
              description="Each person's measures over the period against the training targets."
            />
            <HeatMap members={members.data.items} />
          </Card>
        )}
        <TrendSection
          id="score-trends"
          title="Score trends"
          description={`${scoreLabel} score per person, week by week, the most active first.`}
          rowHeader="Person"
          plural="people"
          emptyNote="A line appears for each person once one of their practice sessions is analysed."
          maxLines={MAX_LINES}
          query={trends}
          series={(data) =>
            [...data.people]
              .sort((a, b) => practised(b) - practised(a))
              .map((person) => ({
                id: person.userId,
                label: person.name,
                values: weeklyValues(data.weeks, person, score),
              }))
          }
          actions={
            <SelectFilter
              id="trend-score"
              label="Score"
              value={score}
              onValue={setScore}
              options={TREND_SCORES}
            />
          }
        />
        <Distributions period={period} />
        <Leaderboard />
      </div>
    </>
  );
}
