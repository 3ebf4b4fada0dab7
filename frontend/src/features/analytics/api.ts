"use client";

// The usage API as the admin's usage page reads it: the call, its types (taken from the
// generated client by endpoint) and the React Query hook.
import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";

const fetchUsage = (weeks: number) =>
  unwrap(api.GET("/api/v1/analytics/usage", { params: { query: { weeks } } }));

export type UsageReport = Awaited<ReturnType<typeof fetchUsage>>;
export type UsageWeek = UsageReport["weeks"][number];

export const usageKeys = {
  usage: (weeks: number) => ["analytics", "usage", weeks] as const,
};

export function useUsage(weeks: number) {
  return useQuery({
    queryKey: usageKeys.usage(weeks),
    queryFn: () => fetchUsage(weeks),
    placeholderData: keepPreviousData,
  });
}
