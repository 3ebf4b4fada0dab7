"use client";

import { useState } from "react";

import { SESSION_TYPES, useScenarios, type SessionType } from "@/features/training";
import { ApiError } from "@/lib/api/call";
import { useDealership } from "@/lib/api/queries";
import { useUser } from "@/lib/auth/AuthProvider";
import {
  Card,
  CardHeader,
  cx,
  EmptyState,
  FilterBar,
  ListError,
  ListLoading,
  SelectFilter,
  Table,
  Td,
  Th,
} from "@/ui";
import { LockIcon, TrophyIcon } from "@/ui/icons";

import {
  useLeaderboard,
  useLeaderboardVisibility,
  type LeaderboardEntry,
  type LeaderboardQuery,
  type Period,
} from "../api";
import { PERIODS, signed } from "../labels";

const ANY = "";
const PLACES = ["1st", "2nd", "3rd"];
/** Gold, silver and bronze steps, tallest first; each also says its place in words. */
const STEPS = [
  "h-28 bg-amber-100 text-amber-950 dark:bg-amber-900/50 dark:text-amber-50",
  "h-20 bg-zinc-200 text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50",
  "h-14 bg-orange-100 text-orange-950 dark:bg-orange-900/50 dark:text-orange-50",
];
/** Second, first, third from left to right, as on a real podium; the reading order stays 1-2-3. */
const ORDER = ["sm:order-2", "sm:order-1", "sm:order-3"];

/** The top three on a podium. */
export function Podium({ entries }: { entries: readonly LeaderboardEntry[] }) {
  const top = entries.slice(0, 3);
  if (top.length === 0) return null;
  return (
    <ol aria-label="Podium" className="grid gap-3 px-5 py-5 sm:grid-cols-3 sm:items-end">
      {top.map((entry, i) => (
        <li key={entry.userId} className={cx("flex flex-col items-center gap-2", ORDER[i])}>
          <div className="text-center">
            <p className="font-semibold text-zinc-900 dark:text-zinc-50">{entry.name}</p>
            <p className="text-sm tabular-nums text-zinc-600 dark:text-zinc-400">
              {Math.round(entry.score)} points
            </p>
          </div>
          <div
            className={cx(
              "flex w-full items-start justify-center rounded-t-lg pt-2 text-lg font-bold",
              STEPS[i],
            )}
          >
            <span className="sr-only">Place: </span>
            {PLACES[i]}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Ranking({ entries, me }: { entries: readonly LeaderboardEntry[]; me: string }) {
  return (
    <Table caption="Leaderboard">
      <thead>
        <tr>
          <Th className="w-16">Rank</Th>
          <Th>Person</Th>
          <Th className="text-right">Score</Th>
          <Th className="text-right">Level</Th>
          <Th className="text-right">Improvement</Th>
          <Th className="text-right">Sessions</Th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr
            key={entry.userId}
            data-testid="leaderboard-row"
            aria-current={entry.userId === me ? "true" : undefined}
            className={entry.userId === me ? "bg-brand-50/60 dark:bg-brand-950/30" : ""}
          >
            <Td className="tabular-nums font-semibold">{entry.rank}</Td>
            <Td>
              {entry.name}
              {entry.userId === me && (
                <span className="ml-1 text-xs text-zinc-500 dark:text-zinc-400">(you)</span>
              )}
            </Td>
            <Td className="text-right tabular-nums font-semibold">{Math.round(entry.score)}</Td>
            <Td className="text-right tabular-nums">{Math.round(entry.level)}</Td>
            <Td className="text-right tabular-nums">{signed(entry.improvement) ?? "—"}</Td>
            <Td className="text-right tabular-nums">{entry.sessions}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Who sees the ranking; an admin can change it here. */
function Visibility() {
  const me = useUser();
  const dealership = useDealership();
  const change = useLeaderboardVisibility();
  if (!dealership.data) return null;
  const shown = dealership.data.leaderboardPublic;
  if (me.role !== "admin") {
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {shown
          ? "Salespeople see this ranking, dealership-wide."
          : "Only managers and admins see this ranking."}
      </p>
    );
  }
  return (
    <label className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
      <input
        type="checkbox"
        checked={change.isPending ? Boolean(change.variables) : shown}
        disabled={change.isPending}
        onChange={(event) => change.mutate(event.target.checked)}
        className="size-4 rounded border-zinc-300 accent-brand-600"
      />
      Show to salespeople
    </label>
  );
}

/**
 * The leaderboard with its filters. Salespeople see it only where the dealership makes it public:
 * the server answers 403 otherwise, and that is said in words here.
 */
export function Leaderboard() {
  const me = useUser();
  const scenarios = useScenarios();
  const [period, setPeriod] = useState<Period>("month");
  const [scenarioId, setScenarioId] = useState(ANY);
  const [sessionType, setSessionType] = useState<SessionType | typeof ANY>(ANY);
  const query: LeaderboardQuery = {
    period,
    ...(scenarioId ? { scenarioId } : {}),
    ...(sessionType ? { sessionType } : {}),
  };
  const board = useLeaderboard(query);

  let body: React.ReactNode;
  if (board.isPending) body = <ListLoading label="Loading the leaderboard…" />;
  else if (board.isError && board.error instanceof ApiError && board.error.status === 403)
    body = (
      <div className="p-5">
        <EmptyState icon={<LockIcon className="size-5" />} title="The leaderboard is private">
          Your dealership has chosen not to show a public ranking.
        </EmptyState>
      </div>
    );
  else if (board.isError)
    body = <ListError message={board.error.message} onRetry={() => void board.refetch()} />;
  else if (board.data.entries.length === 0)
    body = (
      <div className="p-5">
        <EmptyState icon={<TrophyIcon className="size-5" />} title="No one ranked yet">
          Analysed sessions in this period, with these filters, put people on the board.
        </EmptyState>
      </div>
    );
  else
    body = (
      <>
        <Podium entries={board.data.entries} />
        <Ranking entries={board.data.entries} me={me.id} />
        <p className="border-t border-zinc-200 px-5 py-3 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <span className="font-medium">How the score is made: </span>
          {board.data.composite}
        </p>
      </>
    );

  return (
    <Card aria-labelledby="leaderboard-title">
      <CardHeader
        titleId="leaderboard-title"
        title="Leaderboard"
        description="Ranked by level and improvement, so a rep who is getting better shows."
        actions={me.role === "salesperson" ? undefined : <Visibility />}
      />
      <FilterBar>
        <SelectFilter
          id="leaderboard-period"
          label="Period"
          value={period}
          onValue={setPeriod}
          options={PERIODS}
        />
        <SelectFilter
          id="leaderboard-scenario"
          label="Scenario"
          value={scenarioId}
          onValue={setScenarioId}
          options={[
            { value: ANY, label: "All scenarios" },
            ...(scenarios.data ?? []).map((s) => ({ value: s.id, label: s.title })),
          ]}
        />
        <SelectFilter
          id="leaderboard-type"
          label="Session type"
          value={sessionType}
          onValue={setSessionType}
          options={[{ value: ANY, label: "All session types" }, ...SESSION_TYPES]}
        />
      </FilterBar>
      {body}
    </Card>
  );
}
