"use client";

import { useState } from "react";

import { channelLabel } from "@/features/content";
import { Card, ListError, ListLoading, PageHeader, SelectFilter } from "@/ui";

import { useUsage, type UsageReport } from "../api";
import { UsageSection, type Series } from "./UsageCharts";

const SPANS = [
  { value: "4", label: "Last 4 weeks" },
  { value: "12", label: "Last 12 weeks" },
  { value: "26", label: "Last 26 weeks" },
  { value: "52", label: "Last 52 weeks" },
] as const;
type Span = (typeof SPANS)[number]["value"];

/** "3 h 20 min" from minutes. */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function Stat({ value, label }: { value: string; label: string }) {
  return (
    <div className="px-5 py-4">
      <p className="text-2xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">{value}</p>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{label}</p>
    </div>
  );
}

function Totals({ report, span }: { report: UsageReport; span: string }) {
  const { totals } = report;
  return (
    <Card aria-label={`Totals, ${span.toLowerCase()}`}>
      <div className="grid grid-cols-2 divide-zinc-200 sm:grid-cols-5 sm:divide-x dark:divide-zinc-800">
        <Stat value={totals.activeUsers.toLocaleString()} label="Active people" />
        <Stat value={totals.sessionsCompleted.toLocaleString()} label="Practice sessions" />
        <Stat value={totals.photosProcessed.toLocaleString()} label="Photos processed" />
        <Stat value={totals.contentPublished.toLocaleString()} label="Pieces published" />
        <Stat value={formatMinutes(totals.minutesSaved)} label="Time saved (estimate)" />
      </div>
    </Card>
  );
}

function Charts({ report }: { report: UsageReport }) {
  const weeks = report.weeks.map((week) => week.weekStart);
  const pick = (
    key: string,
    label: string,
    value: (w: UsageReport["weeks"][number]) => number | null,
  ): Series => ({
    key,
    label,
    values: report.weeks.map(value),
  });
  const active = pick("active", "Active people", (w) => w.activeUsers);
  const completed = pick("completed", "Sessions completed", (w) => w.sessionsCompleted);
  const perPerson = pick("perPerson", "Sessions per active person", (w) => w.sessionsPerActiveUser);
  const photos = pick("photos", "Photos processed", (w) => w.photosProcessed);
  const written = pick("written", "Pieces written", (w) => w.contentGenerated);
  const channels = report.channels.map((channel) =>
    pick(channel, channelLabel(channel), (w) => w.contentPublished[channel] ?? 0),
  );
  const saved = pick("saved", "Hours saved", (w) => Math.round((w.minutesSaved / 60) * 10) / 10);
  return (
    <>
      <UsageSection
        id="usage-people"
        title="Active people and practice"
        description="People who signed in or used a module, and the practice sessions they completed."
        label="Active people and sessions completed per week"
        weeks={weeks}
        series={[active, completed]}
        tableSeries={[
          active,
          pick("logins", "Sign-ins", (w) => w.logins),
          pick("started", "Sessions started", (w) => w.sessionsStarted),
          completed,
          perPerson,
        ]}
      />
      <UsageSection
        id="usage-work"
        title="Photos processed and copy written"
        label="Photos processed and pieces of copy written per week"
        weeks={weeks}
        series={[photos, written]}
      />
      <UsageSection
        id="usage-published"
        title="Content published per channel"
        description={channels.length === 0 ? "Nothing was published in these weeks." : undefined}
        label="Pieces of content published per week, by channel"
        weeks={weeks}
        series={channels}
        stacked
      />
      <UsageSection
        id="usage-saved"
        title="Estimated time saved"
        description={report.assumptions.map((assumption) => assumption.text).join(" ")}
        label="Hours saved per week (estimate)"
        weeks={weeks}
        series={[saved]}
      />
    </>
  );
}

/** Admin → Usage: how the dealership uses the product, week by week. */
export function UsagePage() {
  const [span, setSpan] = useState<Span>("12");
  const query = useUsage(Number(span));
  const spanLabel = SPANS.find((option) => option.value === span)!.label;
  return (
    <>
      <PageHeader
        title="Usage"
        description="How your dealership uses the assistant, per week (Monday to Sunday, UTC)."
        actions={
          <SelectFilter
            id="usage-span"
            label="Weeks shown"
            value={span}
            onValue={setSpan}
            options={SPANS}
          />
        }
      />
      {query.isPending ? (
        <Card>
          <ListLoading label="Loading usage…" />
        </Card>
      ) : query.isError ? (
        <Card>
          <ListError
            message="The usage figures could not be loaded."
            onRetry={() => void query.refetch()}
            error={query.error}
          />
        </Card>
      ) : (
        <div className="space-y-6">
          <Totals report={query.data} span={spanLabel} />
          <Charts report={query.data} />
        </div>
      )}
    </>
  );
}
