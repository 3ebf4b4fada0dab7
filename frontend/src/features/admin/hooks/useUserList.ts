"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { useDebounced } from "@/lib/useDebounced";

import { statusParam, type UserFilterValues } from "../components/UserFilters";

export const PAGE_SIZE = 20;

/** The users list with its filters and page, shared by the admin and team pages. */
export function useUserList(initial: Partial<UserFilterValues> = {}) {
  const [filters, setFiltersState] = useState<UserFilterValues>({
    q: "",
    role: "",
    status: "active",
    ...initial,
  });
  const [offset, setOffset] = useState(0);
  const q = useDebounced(filters.q.trim());
  const params = {
    offset,
    limit: PAGE_SIZE,
    ...(q ? { q } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(statusParam(filters.status) !== undefined ? { active: statusParam(filters.status) } : {}),
  };
  const query = useQuery({
    queryKey: queryKeys.users(params),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
  const setFilters = (next: UserFilterValues) => {
    setFiltersState(next);
    setOffset(0);
  };
  return { filters, setFilters, offset, setOffset, query };
}
