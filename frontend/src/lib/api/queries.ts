import { useQuery } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";

export const queryKeys = {
  dealership: ["dealership", "current"] as const,
  users: (params: object) => ["users", params] as const,
  usersAll: ["users"] as const,
  invitations: ["invitations"] as const,
  lockedUsers: ["users", "locked"] as const,
  audit: (params: object) => ["audit", params] as const,
  jobsAll: ["jobs"] as const,
  jobLists: ["jobs", "list"] as const,
  jobs: (params: object) => ["jobs", "list", params] as const,
  job: (id: string) => ["jobs", "detail", id] as const,
};

export function useDealership(enabled = true) {
  return useQuery({
    queryKey: queryKeys.dealership,
    queryFn: () => unwrap(api.GET("/api/v1/dealerships/current")),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The active people the caller may see (a manager: themself and their team; an admin: the
 * dealership), for "whose…" filters; managers and admins only (`enabled`). */
export function useVisibleUsers(enabled: boolean) {
  const params = { limit: 100, active: true };
  return useQuery({
    queryKey: queryKeys.users(params),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: params } })),
    enabled,
    staleTime: 60_000,
  });
}
