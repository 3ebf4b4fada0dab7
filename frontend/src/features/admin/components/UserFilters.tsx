"use client";

import { ROLE_LABELS, ROLES, type Role } from "@/lib/api/types";
import { FilterBar, SearchFilter, SelectFilter } from "@/ui";

export type StatusFilter = "active" | "inactive" | "all";

export interface UserFilterValues {
  q: string;
  role: Role | "";
  status: StatusFilter;
}

const ROLE_OPTIONS: { value: Role | ""; label: string }[] = [
  { value: "", label: "All roles" },
  ...ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] })),
];

const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "inactive", label: "Deactivated" },
  { value: "all", label: "All statuses" },
];

export function UserFilters({
  values,
  onChange,
}: {
  values: UserFilterValues;
  onChange: (values: UserFilterValues) => void;
}) {
  return (
    <FilterBar>
      <SearchFilter
        id="user-search"
        label="Search users"
        placeholder="Search by name or e-mail"
        value={values.q}
        onValue={(q) => onChange({ ...values, q })}
      />
      <SelectFilter
        id="user-role-filter"
        label="Role"
        value={values.role}
        onValue={(role) => onChange({ ...values, role })}
        options={ROLE_OPTIONS}
      />
      <SelectFilter
        id="user-status-filter"
        label="Status"
        value={values.status}
        onValue={(status) => onChange({ ...values, status })}
        options={STATUS_OPTIONS}
      />
    </FilterBar>
  );
}

export function statusParam(status: StatusFilter): boolean | undefined {
  if (status === "all") return undefined;
  return status === "active";
}
