"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";

import { useLeaderboardVisibility } from "@/features/team";
import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys, useDealership } from "@/lib/api/queries";
import type { Body } from "@/lib/api/types";
import { Button, ListError, ListLoading, PageHeader, Section } from "@/ui";
import { useToast } from "@/ui/Toaster";

const LOGO_PLATE = "/api/v1/dealerships/current/logo-plate";

/** Upload (a file) or remove (null) the logo plate; the dealership comes back updated. */
function useLogoPlate() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: (file: File | null) => {
      if (!file) return unwrap(api.DELETE(LOGO_PLATE));
      const form = new FormData();
      form.append("file", file);
      // openapi-fetch sends a FormData body as it is (multipart with its boundary).
      return unwrap(
        api.PUT(LOGO_PLATE, { body: form as unknown as Body<typeof LOGO_PLATE, "put"> }),
      );
    },
    onSuccess: (dealership) => {
      queryClient.setQueryData(queryKeys.dealership, dealership);
      notify(dealership.hasLogoPlate ? "The logo plate is saved." : "The logo plate is removed.");
    },
    onError: (error: Error) => notify(error.message, "error"),
  });
}

/** The image that covers licence plates when a photo job asks for the logo plate. */
function LogoPlate({ present }: { present: boolean }) {
  const change = useLogoPlate();
  const inputId = useId();
  return (
    <div className="space-y-2 text-sm">
      <p className="text-zinc-700 dark:text-zinc-300">
        {present
          ? "A logo plate is saved: photo jobs can cover licence plates with it."
          : "No logo plate yet: photo jobs can blur plates or cover them with a grey plate."}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <label
          htmlFor={inputId}
          className="cursor-pointer rounded-md border border-zinc-300 px-3 py-1.5 font-medium text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
        >
          {present ? "Replace the logo plate" : "Upload a logo plate"}
        </label>
        <input
          id={inputId}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          className="sr-only"
          disabled={change.isPending}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) change.mutate(file);
            event.target.value = "";
          }}
        />
        {present && (
          <Button
            variant="secondary"
            disabled={change.isPending}
            onClick={() => change.mutate(null)}
          >
            Remove
          </Button>
        )}
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        A JPEG, PNG or WebP image in a plate&apos;s shape (about 4.7 : 1), up to 5 MB.
      </p>
    </div>
  );
}

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

/** The dealership's settings an admin changes: who sees the team leaderboard, and the logo
 * plate that covers licence plates on photos. */
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
      <Section
        id={`${id}-logo-plate`}
        title="Logo plate"
        description="Covers licence plates on vehicle photos when a job asks for it."
      >
        {dealership.data && <LogoPlate present={dealership.data.hasLogoPlate} />}
      </Section>
    </>
  );
}
