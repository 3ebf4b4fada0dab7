import { useQuery } from "@tanstack/react-query";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";

export const queryKeys = {
  dealership: ["dealership", "current"] as const,
  users: (params: object) => ["users", params] as const,
  usersAll: ["users"] as const,
  invitations: ["invitations"] as const,
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
