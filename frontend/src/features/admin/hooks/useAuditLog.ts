"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { unwrap } from "@/lib/api/call";
import { api } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/queries";
import { saveBlob } from "@/lib/download";
import { useDebounced } from "@/lib/useDebounced";

export const AUDIT_PAGE_SIZE = 25;

export interface AuditFilterValues {
  /** Part of the action's name, as typed. */
  action: string;
  /** Who acted: a user id, or "" for anyone. */
  actorId: string;
  /** Calendar days (yyyy-mm-dd) in the browser's time zone, both included; "" for open. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilterValues = { action: "", actorId: "", from: "", to: "" };

/** The start of a calendar day in the browser's zone, as an instant the API compares in UTC. */
function startOfDay(day: string, plusDays = 0): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year!, month! - 1, date! + plusDays).toISOString();
}

/** The API's query for the filters: `to` includes its whole day. */
export function auditQuery(filters: AuditFilterValues) {
  const action = filters.action.trim();
  return {
    ...(action ? { action } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.from ? { since: startOfDay(filters.from) } : {}),
    ...(filters.to ? { until: startOfDay(filters.to, 1) } : {}),
  };
}

/** The audit trail with its filters and page. */
export function useAuditLog() {
  const [filters, setFiltersState] = useState<AuditFilterValues>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const action = useDebounced(filters.action);
  const params = { offset, limit: AUDIT_PAGE_SIZE, ...auditQuery({ ...filters, action }) };
  const query = useQuery({
    queryKey: queryKeys.audit(params),
    queryFn: () => unwrap(api.GET("/api/v1/audit", { params: { query: params } })),
    placeholderData: keepPreviousData,
  });
  const setFilters = (next: AuditFilterValues) => {
    setFiltersState(next);
    setOffset(0);
  };
  return { filters, setFilters, offset, setOffset, query };
}

/** Everyone in the dealership (the person filter), active or not: past actors stay listed. */
export function useAuditPeople() {
  const params = { limit: 100 };
  return useQuery({
    queryKey: queryKeys.users(params),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: params } })),
    staleTime: 60_000,
  });
}

/** The events matching the filters as CSV, saved as a file. */
export async function downloadAuditCsv(filters: AuditFilterValues): Promise<void> {
  const { data, response } = await api.GET("/api/v1/audit/export.csv", {
    params: { query: auditQuery(filters) },
    parseAs: "blob",
  });
  if (!response.ok || !data) throw new Error("The CSV could not be made. Try again.");
  saveBlob(data as Blob, `audit-log-${new Date().toISOString().slice(0, 10)}.csv`);
}
