"use client";

// The team API as the dashboard uses it: calls, their types (taken from the generated client by
// endpoint) and the React Query hooks and keys.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { SessionType } from "@/features/training";
import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { saveBlob } from "@/lib/download";
import { useToast } from "@/ui/Toaster";
import type { paths } from "@/lib/api/schema";

export interface MembersQuery {
  period: Period;
  offset?: number;
  limit?: number;
}

export interface LeaderboardQuery {
  period: Period;
  scenarioId?: string;
  sessionType?: SessionType;
}

const fetchMembers = (query: MembersQuery) =>
  unwrap(api.GET("/api/v1/team/members", { params: { query } }));
const fetchTrends = (query: { weeks: number; userId?: string }) =>
  unwrap(api.GET("/api/v1/team/trends", { params: { query } }));
const fetchDistribution = (query: { period: Period }) =>
  unwrap(api.GET("/api/v1/team/distribution", { params: { query } }));
const fetchLeaderboard = (query: LeaderboardQuery) =>
  unwrap(api.GET("/api/v1/team/leaderboard", { params: { query } }));

export type MemberPage = Awaited<ReturnType<typeof fetchMembers>>;
export type Member = MemberPage["items"][number];
export type MeasureKey = keyof Member["measures"];
export type MeasureStatus = NonNullable<Member["measureStatus"][MeasureKey]>;
export type Trends = Awaited<ReturnType<typeof fetchTrends>>;
export type PersonTrend = Trends["people"][number];
export type TrendPoint = PersonTrend["points"][number];
export type Distribution = Awaited<ReturnType<typeof fetchDistribution>>;
export type Histogram = Distribution["wordsPerMinute"];
export type Leaderboard = Awaited<ReturnType<typeof fetchLeaderboard>>;
export type LeaderboardEntry = Leaderboard["entries"][number];
export type Period = NonNullable<
  NonNullable<paths["/api/v1/team/leaderboard"]["get"]["parameters"]["query"]>["period"]
>;

/** A team is rarely larger: one page holds it, so sorting and the heat map see everyone. */
export const MEMBERS_PAGE = 100;

/** The trend charts cover this many weeks. */
export const TREND_WEEKS = 12;

export const teamKeys = {
  members: (params: object) => ["team", "members", params] as const,
  trends: (params: object) => ["team", "trends", params] as const,
  distribution: (params: object) => ["team", "distribution", params] as const,
  leaderboard: (params: object) => ["team", "leaderboard", params] as const,
};

export function useMembers(query: MembersQuery) {
  return useQuery({
    queryKey: teamKeys.members(query),
    queryFn: () => fetchMembers(query),
    placeholderData: keepPreviousData,
  });
}

export function useTrends(userId?: string) {
  const params = userId ? { weeks: TREND_WEEKS, userId } : { weeks: TREND_WEEKS };
  return useQuery({ queryKey: teamKeys.trends(params), queryFn: () => fetchTrends(params) });
}

export function useDistribution(period: Period) {
  const params = { period };
  return useQuery({
    queryKey: teamKeys.distribution(params),
    queryFn: () => fetchDistribution(params),
    placeholderData: keepPreviousData,
  });
}

export function useLeaderboard(query: LeaderboardQuery) {
  return useQuery({
    queryKey: teamKeys.leaderboard(query),
    queryFn: () => fetchLeaderboard(query),
    placeholderData: keepPreviousData,
    // A 403 (the dealership keeps the ranking private) will not change by asking again.
    retry: false,
  });
}

/** An admin's switch: whether salespeople may see the leaderboard (the dealership setting). */
export function useLeaderboardVisibility() {
  const queryClient = useQueryClient();
  const notify = useToast();
  return useMutation({
    mutationFn: (leaderboardPublic: boolean) =>
      unwrap(api.PATCH("/api/v1/dealerships/current", { body: { leaderboardPublic } })),
    onSuccess: (dealership) => {
      queryClient.setQueryData(queryKeys.dealership, dealership);
      notify(
        dealership.leaderboardPublic
          ? "Salespeople can now see the leaderboard."
          : "The leaderboard is now for managers and admins only.",
      );
    },
    onError: (error: Error) => notify(error.message, "error"),
  });
}

/** The members table as CSV, or the PDF team report, fetched with the session and saved. */
export async function downloadTeamFile(kind: "csv" | "pdf"): Promise<void> {
  const { data, response } =
    kind === "csv"
      ? await api.GET("/api/v1/team/members.csv", { parseAs: "blob" })
      : await api.GET("/api/v1/team/report.pdf", { parseAs: "blob" });
  if (!response.ok || !data) throw new Error("The file could not be made. Try again.");
  const day = new Date().toISOString().slice(0, 10);
  saveBlob(data as Blob, kind === "csv" ? `team-${day}.csv` : `team-report-${day}.pdf`);
}
