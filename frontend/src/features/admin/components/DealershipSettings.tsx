"use client";

import { useId } from "react";

import { useLeaderboardVisibility } from "@/features/team";
import { useDealership } from "@/lib/api/queries";
import { ListError, ListLoading, PageHeader, Section } from "@/ui";

/** The switch, showing the asked-for state while the change is on its way. */
function LeaderboardSwitch({ shown }: { shown: boolean }) {
  const change = useLeaderboardVisibility();
  const on = change.isPending ? Boolean(change.variables) : shown;
  return (
    <div className="space-y-1">
      <label className="flex items-center gap-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          aria-checked={on}
          disabled={change.isPending}
          onChange={(event) => change.mutate(event.target.checked)}
          className="size-4 rounded border-zinc-300 accent-brand-600"
        />
        Salespeople see the leaderboard
      </label>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {on
          ? "Every salesperson sees the whole dealership's ranking on the Team page."
          : "Only managers and admins see the ranking."}
      </p>
    </div>
  );
}

/** The dealership's settings an admin changes: who sees the team leaderboard. */
export function DealershipSettings() {
  const id = useId();
  const dealership = useDealership();
  return (
    <>
      <PageHeader
        title="Dealership"
        description={dealership.data ? dealership.data.name : "Settings for the whole dealership."}
      />
      <Section
        id={`${id}-leaderboard`}
        title="Leaderboard"
        description="Managers and admins always see the ranking; salespeople only when it is public."
      >
        {dealership.isPending ? (
          <ListLoading label="Loading the dealership…" />
        ) : dealership.isError ? (
          <ListError
            message="The dealership's settings could not be loaded."
            error={dealership.error}
            onRetry={() => void dealership.refetch()}
          />
        ) : (
          <LeaderboardSwitch shown={dealership.data.leaderboardPublic} />
        )}
      </Section>
    </>
  );
}
